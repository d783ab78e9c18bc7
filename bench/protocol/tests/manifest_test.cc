#include "memattr/protocol/manifest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace memattr::protocol {
namespace {

using nlohmann::json;

// Every field set to something other than its default.
Manifest Full() {
  Manifest m;
  m.present = true;
  m.source = "m.json";
  m.labels = {{"scenario", "nested-ab"}, {"dut", "x y"}};
  m.host = {.kernel = "6.12.0", .accel = "kvm", .cacheable_pfnmap_cap = true, .fwb = false};
  m.virtio_port = "memattr.events";
  m.regions = {
      {.name = "ram", .kind = ManifestRegionKind::kRam, .size_bytes = 1 << 20},
      {.name = "f",
       .kind = ManifestRegionKind::kFile,
       .size_bytes = 4096,
       .path = "/tmp/f",
       .overwrite = true},
      {.name = "dax0",
       .kind = ManifestRegionKind::kDax,
       .dax_device = "dax0.0",
       .make_devdax = true,
       .backing = "host-devdax"},
      {.name = "cxl0", .kind = ManifestRegionKind::kCxl, .numa_node = 1, .backing = "host-node"},
      {.name = "bar0",
       .kind = ManifestRegionKind::kBar,
       .pci = {.vendor = 0x1af4, .device = 0x1110},
       .bar = 2},
      {.name = "vfio0",
       .kind = ManifestRegionKind::kVfio,
       .pci = {.bdf = "0000:00:03.0"},
       .bar = 0,
       .backing = "ivshmem"},
  };
  m.attributes = {MemoryAttribute::kNormalNc, MemoryAttribute::kDeviceNGnRnE};
  m.kernels = {"stream_copy"};
  m.probes = {"dc_zva"};
  m.threads = {1, 4};
  m.working_set_bytes = 1 << 22;
  m.chase_stride_bytes = 64;
  m.min_time_seconds = 0.5;
  m.repetitions = 9;
  m.time_budget_seconds = 60;
  m.skip_cells = {
      {.region = "bar0", .attribute = MemoryAttribute::kNormalWb, .kernel = "k", .threads = 2},
      {.region = "bar0", .attribute = MemoryAttribute::kNormalNc, .probe = "dc_zva"},
      {.region = "ram", .attribute = MemoryAttribute::kDeviceNGnRE}};
  m.host_outcomes = {{.region = "bar0",
                      .attribute = MemoryAttribute::kNormalWb,
                      .probe = "unaligned_load_8",
                      .outcome = HostOutcomeKind::kTimeout,
                      .description = "hung",
                      .evidence = {"line"}}};
  m.earlier_evidence = {{.region = "ram",
                         .attribute = MemoryAttribute::kNormalWb,
                         .probe = "dc_zva",
                         .outcome = {.kind = OutcomeKind::kFault,
                                     .reason = "r",
                                     .signal = 7,
                                     .si_code = 1,
                                     .address = 4096}},
                        {.region = "ram",
                         .attribute = MemoryAttribute::kNormalWb,
                         .kernel = "stream_copy",
                         .threads = 2,
                         .ns_per_iteration = 1.5}};
  return m;
}

TEST(ManifestTest, a_full_manifest_round_trips_through_its_text) {
  const Manifest written = Full();
  Result<Manifest> parsed = ParseManifest(ToJson(written).dump(2), "m.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, written);
}

TEST(ManifestTest, a_minimal_manifest_round_trips_and_writes_no_optional_key) {
  Manifest minimal;
  minimal.present = true;
  minimal.source = "min.json";
  minimal.regions = {{.name = "ram"}};
  const json doc = ToJson(minimal);
  for (const char* key :
       {"output", "attributes", "kernels", "probes", "working_set_bytes", "chase_stride_bytes",
        "time_budget_seconds", "skip_cells", "host_outcomes", "earlier_evidence"})
    EXPECT_FALSE(doc.contains(key)) << key;
  EXPECT_EQ(doc["host"], json({{"kernel", nullptr},
                               {"accel", nullptr},
                               {"cacheable_pfnmap_cap", nullptr},
                               {"fwb", nullptr}}));
  Result<Manifest> parsed = ParseManifest(doc.dump(), "min.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, minimal);
}

TEST(ManifestTest, errors_name_the_source_and_field) {
  json doc = ToJson(Full());
  doc["regions"][4]["bar"] = 7;
  Result<Manifest> parsed = ParseManifest(doc.dump(), "m.json");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message, "m.json: regions[4].bar: must be 0..5, got 7");
}

// The example of guest-agent/docs/manifest_format.md: parsed and written back, the same document.
TEST(ManifestTest, the_documented_example_is_what_the_writer_writes) {
  std::ifstream in(MEMATTR_MANIFEST_DOC);
  std::string text, line;
  bool inside = false;
  while (std::getline(in, line) && !(inside && line == "```")) {
    if (inside) text += line + "\n";
    if (line == "```json") inside = true;
  }
  ASSERT_FALSE(text.empty()) << MEMATTR_MANIFEST_DOC;
  Result<Manifest> parsed = ParseManifest(text, "manifest_format.md");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(ToJson(*parsed), json::parse(text));
}

}  // namespace
}  // namespace memattr::protocol
