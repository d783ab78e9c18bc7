#include "manifest/manifest_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace memattr::agent {
namespace {

using ::testing::HasSubstr;

constexpr char kGood[] = R"({
  "schema": "memattr.manifest/1",
  "labels": {"scenario": "default", "host_kernel": "6.12.0"},
  "host": {"kernel": "6.12.0-1", "accel": "kvm", "cacheable_pfnmap_cap": 0, "fwb": null},
  "output": {"virtio_port": "memattr.events"},
  "regions": [
    {"name": "ram", "kind": "ram"},
    {"name": "dax0", "kind": "dax", "dax_device": "dax0.0", "make_devdax": true, "backing": "host-devdax"},
    {"name": "cxl0", "kind": "cxl", "numa_node": 1},
    {"name": "bar0", "kind": "bar", "pci": {"vendor": "0x1af4", "device": "0x1110"}, "bar": 2},
    {"name": "vfio0", "kind": "vfio", "pci": {"bdf": "0000:00:03.0"}, "bar": 2},
    {"name": "f", "kind": "file", "path": "/tmp/f", "size_bytes": 1048576, "overwrite": true}
  ],
  "attributes": ["normal-wb", "device_ngnre"],
  "kernels": ["stream_copy"], "probes": ["unaligned_load_8"],
  "threads": [1, 2], "working_set_bytes": 4194304, "chase_stride_bytes": 128, "min_time_seconds": 0.05,
  "repetitions": 3, "time_budget_seconds": 600,
  "skip_cells": [{"region": "bar0", "attribute": "normal-nc", "kernel": "stream_copy", "threads": 2}],
  "host_outcomes": [{"region": "bar0", "attribute": "normal-wb", "probe": "unaligned_load_8",
                     "outcome": "stage2-fault", "description": "kvm run failed Bad address",
                     "evidence": ["kvm [812]: Unsupported FSC: EC=0x24 xFSC=0x21 ESR_EL2=0x93c28021",
                                  "error: kvm run failed Bad address"]},
                    {"region": "dax0", "attribute": "device-ngnre", "probe": "dc_zva", "outcome": "timeout"}]
})";

TEST(ManifestReaderTest, reads_every_documented_field) {
  auto m = ParseManifest(kGood, "good.json");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_TRUE(m->present);
  EXPECT_EQ(m->labels.at("scenario"), "default");
  EXPECT_EQ(m->host.accel, "kvm");
  EXPECT_EQ(m->host.cacheable_pfnmap_cap, false);
  EXPECT_FALSE(m->host.fwb.has_value());
  EXPECT_EQ(m->virtio_port, "memattr.events");
  ASSERT_EQ(m->regions.size(), 6u);
  EXPECT_EQ(m->regions[1].dax_device, "dax0.0");
  EXPECT_TRUE(m->regions[1].make_devdax);
  EXPECT_EQ(m->regions[1].backing, "host-devdax");
  EXPECT_EQ(m->regions[2].numa_node, 1);
  EXPECT_EQ(m->regions[3].pci.vendor, 0x1af4);
  EXPECT_EQ(m->regions[3].pci.device, 0x1110);
  EXPECT_EQ(m->regions[3].bar, 2);
  EXPECT_EQ(m->regions[4].pci.bdf, "0000:00:03.0");
  EXPECT_EQ(m->regions[5].kind, ManifestRegionKind::kFile);
  EXPECT_EQ(m->regions[5].size_bytes, 1048576u);
  EXPECT_TRUE(m->regions[5].overwrite);
  EXPECT_FALSE(m->regions[0].overwrite);
  EXPECT_EQ(m->attributes,
            (std::vector{MemoryAttribute::kNormalWb, MemoryAttribute::kDeviceNGnRE}));
  EXPECT_EQ(m->threads, (std::vector{1, 2}));
  EXPECT_EQ(m->working_set_bytes, 4194304u);
  EXPECT_EQ(m->chase_stride_bytes, 128u);
  EXPECT_DOUBLE_EQ(m->min_time_seconds, 0.05);
  EXPECT_EQ(m->time_budget_seconds, 600.0);
  ASSERT_EQ(m->skip_cells.size(), 1u);
  EXPECT_EQ(m->skip_cells[0].attribute, MemoryAttribute::kNormalNc);
  EXPECT_EQ(m->skip_cells[0].threads, 2);
  ASSERT_EQ(m->host_outcomes.size(), 2u);
  const ManifestHostOutcome& fault = m->host_outcomes[0];
  EXPECT_EQ(fault.region, "bar0");
  EXPECT_EQ(fault.attribute, MemoryAttribute::kNormalWb);
  EXPECT_EQ(fault.probe, "unaligned_load_8");
  EXPECT_EQ(fault.outcome, HostOutcomeKind::kStage2Fault);
  EXPECT_EQ(fault.description, "kvm run failed Bad address");
  EXPECT_EQ(fault.evidence, (std::vector<std::string>{
                                "kvm [812]: Unsupported FSC: EC=0x24 xFSC=0x21 ESR_EL2=0x93c28021",
                                "error: kvm run failed Bad address"}));
  EXPECT_EQ(m->host_outcomes[1].outcome, HostOutcomeKind::kTimeout);
  EXPECT_TRUE(m->host_outcomes[1].description.empty());
  EXPECT_TRUE(m->host_outcomes[1].evidence.empty());
}

TEST(ManifestReaderTest, minimal_manifest_gets_documented_defaults) {
  auto m = ParseManifest(
      R"({"schema": "memattr.manifest/1", "regions": [{"name": "r", "kind": "ram"}]})", "m");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_TRUE(m->attributes.empty());
  EXPECT_EQ(m->threads, std::vector{1});
  EXPECT_DOUBLE_EQ(m->min_time_seconds, 0.1);
  EXPECT_EQ(m->repetitions, 3);
  EXPECT_EQ(m->chase_stride_bytes, 256u);
  EXPECT_FALSE(m->virtio_port.has_value());
}

struct BadCase {
  const char* json;
  const char* message;
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.message; }

class ManifestBadInputTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(ManifestBadInputTest, names_the_field) {
  auto m = ParseManifest(GetParam().json, "bad.json");
  ASSERT_FALSE(m) << GetParam().json;
  EXPECT_THAT(m.error().message, HasSubstr("bad.json"));
  EXPECT_THAT(m.error().message, HasSubstr(GetParam().message));
}

#define MANIFEST(rest) "{\"schema\": \"memattr.manifest/1\", " rest "}"
#define REGION(r) MANIFEST("\"regions\": [" r "]")
#define HOST_OUTCOMES(list) \
  MANIFEST("\"regions\": [{\"name\": \"bar0\", \"kind\": \"ram\"}], \"host_outcomes\": " list)
#define UNALIGNED_ON_BAR0 \
  "\"region\": \"bar0\", \"attribute\": \"normal-wb\", \"probe\": \"unaligned_load_8\""

INSTANTIATE_TEST_SUITE_P(
    Battery, ManifestBadInputTest,
    ::testing::Values(
        BadCase{"{\"schema\": ", "bad.json:1: not valid JSON"},
        BadCase{"[]", "(top level): must be an object"},
        BadCase{MANIFEST("\"regions\": [{\"name\": \"r\", \"kind\": \"ram\"}], "
                         "\"chase_stride_bytes\": 12"),
                "chase_stride_bytes: 12 is not a multiple of 8"},
        BadCase{"{\"regions\": []}", "schema: required"},
        BadCase{"{\"schema\": \"memattr.manifest/2\", \"regions\": []}",
                "schema: unsupported version \"memattr.manifest/2\""},
        BadCase{MANIFEST("\"regions\": [{\"name\": \"r\", \"kind\": \"ram\"}], \"thread\": [1]"),
                "thread: unknown key 'thread' (known:"},
        BadCase{MANIFEST("\"threads\": [1]"), "regions: required"},
        BadCase{REGION(""), "regions: must list at least one region"},
        BadCase{REGION("{\"kind\": \"ram\"}"), "regions[0].name: required"},
        BadCase{REGION("{\"name\": \"r\", \"kind\": \"ram\", \"nmae\": 1}"),
                "regions[0].nmae: unknown key 'nmae'"},
        BadCase{REGION("{\"name\": \"r\", \"kind\": \"disk\"}"),
                "regions[0].kind: unknown region kind 'disk'"},
        BadCase{
            REGION("{\"name\": \"r\", \"kind\": \"ram\"}, {\"name\": \"r\", \"kind\": \"ram\"}"),
            "regions[1].name: duplicate region name 'r'"},
        BadCase{REGION("{\"name\": \"b\", \"kind\": \"bar\", \"pci\": {\"bdf\": \"0000:00:03.0\"}, "
                       "\"bar\": 7}"),
                "regions[0].bar: must be 0..5, got 7"},
        BadCase{
            REGION("{\"name\": \"b\", \"kind\": \"bar\", \"pci\": {\"bdf\": \"0000:00:03.0\"}}"),
            "regions[0].bar: required for kind 'bar'"},
        BadCase{REGION("{\"name\": \"b\", \"kind\": \"bar\", \"pci\": {\"vendor\": \"0x1af4\"}, "
                       "\"bar\": 2}"),
                "regions[0].pci: give both vendor and device"},
        BadCase{REGION("{\"name\": \"b\", \"kind\": \"bar\", \"pci\": {\"vendor\": \"ivshmem\", "
                       "\"device\": \"0x1110\"}, \"bar\": 2}"),
                "regions[0].pci.vendor: must be a 16-bit hex id"},
        BadCase{REGION("{\"name\": \"b\", \"kind\": \"vfio\", \"pci\": {\"bdf\": \"00:03.0\"}, "
                       "\"bar\": 2}"),
                "regions[0].pci.bdf: must be a PCI address"},
        BadCase{REGION("{\"name\": \"d\", \"kind\": \"dax\"}"),
                "regions[0].dax_device: required for kind 'dax'"},
        BadCase{REGION("{\"name\": \"d\", \"kind\": \"dax\", \"dax_device\": \"dax0.0\", "
                       "\"make_devdax\": \"yes\"}"),
                "regions[0].make_devdax: must be true or false"},
        BadCase{REGION("{\"name\": \"c\", \"kind\": \"cxl\", \"numa_node\": -1}"),
                "regions[0].numa_node: must be 0..4095, got -1"},
        BadCase{REGION("{\"name\": \"r\", \"kind\": \"ram\", \"numa_node\": 1}"),
                "regions[0].numa_node: not meaningful for kind 'ram'"},
        BadCase{REGION("{\"name\": \"f\", \"kind\": \"file\", \"path\": \"/tmp/f\"}"),
                "regions[0].size_bytes: required for kind 'file'"},
        BadCase{REGION("{\"name\": \"r\", \"kind\": \"ram\", \"overwrite\": true}"),
                "regions[0].overwrite: not meaningful for kind 'ram'"},
        BadCase{REGION("{\"name\": \"f\", \"kind\": \"file\", \"path\": \"/tmp/f\", "
                       "\"size_bytes\": 4096, \"overwrite\": 1}"),
                "regions[0].overwrite: must be true or false"},
        BadCase{MANIFEST("\"regions\": [{\"name\": \"r\", \"kind\": \"ram\"}], \"attributes\": "
                         "[\"normal-wt\"]"),
                "attributes[0]: unknown attribute 'normal-wt'"},
        BadCase{MANIFEST("\"regions\": [{\"name\": \"r\", \"kind\": \"ram\"}], \"threads\": [0]"),
                "threads[0]: must be 1..1024, got 0"},
        BadCase{MANIFEST("\"regions\": [{\"name\": \"r\", \"kind\": \"ram\"}], \"threads\": 2"),
                "threads: must be an array"},
        BadCase{MANIFEST(
                    "\"regions\": [{\"name\": \"r\", \"kind\": \"ram\"}], \"min_time_seconds\": 0"),
                "min_time_seconds: must be > 0"},
        BadCase{MANIFEST("\"regions\": [{\"name\": \"r\", \"kind\": \"ram\"}], \"host\": "
                         "{\"accel\": \"xen\"}"),
                "host.accel: must be tcg, kvm"},
        BadCase{MANIFEST("\"regions\": [{\"name\": \"r\", \"kind\": \"ram\"}], \"host\": "
                         "{\"cacheable_pfnmap_cap\": 2}"),
                "host.cacheable_pfnmap_cap: must be 0..1"},
        BadCase{MANIFEST("\"regions\": [{\"name\": \"r\", \"kind\": \"ram\"}], \"labels\": "
                         "{\"scenario\": 3}"),
                "labels.scenario: must be a string"},
        BadCase{MANIFEST("\"regions\": [{\"name\": \"r\", \"kind\": \"ram\"}], \"output\": "
                         "{\"virtio_port\": \"\"}"),
                "output.virtio_port: must not be empty"},
        BadCase{MANIFEST("\"regions\": [{\"name\": \"r\", \"kind\": \"ram\"}], \"skip_cells\": "
                         "[{\"region\": \"r\"}]"),
                "skip_cells[0].attribute: required"},
        BadCase{HOST_OUTCOMES("{}"), "host_outcomes: must be an array"},
        BadCase{HOST_OUTCOMES("[3]"), "host_outcomes[0]: must be an object"},
        BadCase{HOST_OUTCOMES("[{" UNALIGNED_ON_BAR0 "}]"), "host_outcomes[0].outcome: required"},
        BadCase{HOST_OUTCOMES("[{\"region\": \"bar0\", \"attribute\": \"normal-wb\", \"outcome\": "
                              "\"stage2-fault\"}]"),
                "host_outcomes[0].probe: required"},
        BadCase{HOST_OUTCOMES("[{" UNALIGNED_ON_BAR0 ", \"outcome\": \"sigbus\"}]"),
                "host_outcomes[0].outcome: unknown outcome 'sigbus' (known: guest-crashed, "
                "stage2-fault, timeout)"},
        BadCase{HOST_OUTCOMES("[{" UNALIGNED_ON_BAR0
                              ", \"outcome\": \"stage2-fault\", \"evidence\": \"dmesg\"}]"),
                "host_outcomes[0].evidence: must be an array, got \"dmesg\""},
        BadCase{HOST_OUTCOMES("[{" UNALIGNED_ON_BAR0
                              ", \"outcome\": \"stage2-fault\", \"evidence\": [\"ok\", 7]}]"),
                "host_outcomes[0].evidence[1]: must be a string, got 7"},
        BadCase{HOST_OUTCOMES("[{" UNALIGNED_ON_BAR0
                              ", \"outcome\": \"stage2-fault\", \"kernel\": \"stream_copy\"}]"),
                "host_outcomes[0].kernel: unknown key 'kernel'"},
        BadCase{HOST_OUTCOMES("[{\"region\": \"bar9\", \"attribute\": \"normal-wb\", \"probe\": "
                              "\"dc_zva\", \"outcome\": \"timeout\"}]"),
                "host_outcomes[0].region: 'bar9' is not in regions[] (known: bar0)"},
        BadCase{HOST_OUTCOMES("[{\"region\": \"bar0\", \"attribute\": \"normal\", \"probe\": "
                              "\"dc_zva\", \"outcome\": \"timeout\"}]"),
                "host_outcomes[0].attribute: unknown attribute 'normal'"},
        BadCase{HOST_OUTCOMES("[{\"region\": \"bar0\", \"attribute\": \"normal-wb\", \"probe\": "
                              "\"\", \"outcome\": \"timeout\"}]"),
                "host_outcomes[0].probe: must not be empty"},
        BadCase{HOST_OUTCOMES("[{" UNALIGNED_ON_BAR0
                              ", \"outcome\": \"stage2-fault\", \"description\": 1}]"),
                "host_outcomes[0].description: must be a string"},
        BadCase{HOST_OUTCOMES("[{" UNALIGNED_ON_BAR0
                              ", \"outcome\": \"stage2-fault\"}, {" UNALIGNED_ON_BAR0
                              ", \"outcome\": \"timeout\"}]"),
                "host_outcomes[1]: duplicate of host_outcomes[0] (bar0/normal-wb probe "
                "unaligned_load_8)"}));

TEST(ManifestReaderTest, missing_file_names_path_and_errno) {
  auto m = ReadManifestFile("/nonexistent/memattr/manifest.json");
  ASSERT_FALSE(m);
  EXPECT_THAT(m.error().message, HasSubstr("/nonexistent/memattr/manifest.json: open manifest"));
  EXPECT_THAT(m.error().message, HasSubstr("errno 2"));
}

TEST(ManifestReaderTest, load_prefers_explicit_then_fw_cfg_then_auto) {
  const std::filesystem::path root =
      std::filesystem::path(::testing::TempDir()) / "manifest_load_sysfs";
  std::filesystem::remove_all(root);
  auto automatic = LoadManifest("", root);
  ASSERT_TRUE(automatic);
  EXPECT_FALSE(automatic->present);
  const std::filesystem::path fw_cfg = root / kFwCfgManifestPath;
  std::filesystem::create_directories(fw_cfg.parent_path());
  std::ofstream(fw_cfg)
      << R"({"schema": "memattr.manifest/1", "regions": [{"name": "fw", "kind": "ram"}]})";
  auto from_fw_cfg = LoadManifest("", root);
  ASSERT_TRUE(from_fw_cfg) << from_fw_cfg.error().message;
  EXPECT_EQ(from_fw_cfg->regions.at(0).name, "fw");
  EXPECT_EQ(from_fw_cfg->source, fw_cfg.string());
  auto explicit_missing = LoadManifest(root / "nope.json", root);
  EXPECT_FALSE(explicit_missing);
}

// A 100,000-deep manifest once overflowed the agent's stack while its error message was built.
TEST(ManifestReaderTest, deep_nesting_is_refused_without_a_crash) {
  for (const char* key : {"\"labels\"", "\"regions\""}) {
    std::string text = "{\"schema\": \"memattr.manifest/1\", " + std::string(key) + ": ";
    text += std::string(100000, '[') + std::string(100000, ']') + "}";
    auto m = ParseManifest(text, "deep.json");
    ASSERT_FALSE(m);
    EXPECT_THAT(m.error().message, HasSubstr("deep.json: nested deeper than 64 levels"));
  }
}

// Found by host-runner/fuzz/manifest_json_fuzzer
// (regressions/manifest_json_fuzzer/number-overflow-*.json): a number past a double's range made
// nlohmann throw out_of_range (not parse_error): an abort.
TEST(ManifestReaderTest, a_number_past_a_doubles_range_is_an_error_not_an_abort) {
  auto m = ParseManifest(R"({"schema": "memattr.manifest/1", "repetitions": 5e5555555})", "n.json");
  ASSERT_FALSE(m);
  EXPECT_THAT(m.error().message, HasSubstr("n.json: not valid JSON"));
  EXPECT_THAT(m.error().message, HasSubstr("number overflow"));
}

}  // namespace
}  // namespace memattr::agent
