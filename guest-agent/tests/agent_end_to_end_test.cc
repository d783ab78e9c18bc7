// Runs the memattr-agent binary on this machine's anonymous memory ("ram") and a file, with a
// fake (empty) sysfs so no real device is touched, and checks the JSON Lines stream.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "discovery/devdax_converter.h"
#include "discovery_test_support.h"

namespace memattr::agent {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

std::filesystem::path Scratch(const std::string& name) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / ("agent_e2e_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// The emulator prefix of a cross build ('|'-separated) ("" natively), then the agent and its
// arguments.
Result<CommandResult> RunAgentBinary(std::vector<std::string> args) {
  std::vector<std::string> argv;
  std::stringstream emulator(MEMATTR_AGENT_EMULATOR);
  for (std::string part; std::getline(emulator, part, '|');)
    if (!part.empty()) argv.push_back(part);
  argv.push_back(MEMATTR_AGENT_BINARY);
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

std::vector<json> ReadEvents(const std::filesystem::path& path) {
  std::vector<json> events;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) events.push_back(json::parse(line));
  return events;
}

std::filesystem::path WriteManifest(const std::filesystem::path& dir) {
  const std::filesystem::path file = dir / "backing.bin";  // the agent creates it
  const json manifest = {
      {"schema", "memattr.manifest/1"},
      {"labels", {{"scenario", "x86-end-to-end"}}},
      {"regions",
       {{{"name", "ram"}, {"kind", "ram"}},
        {{"name", "file0"}, {"kind", "file"}, {"path", file.string()}, {"size_bytes", 2u << 20}},
        {{"name", "dax9"}, {"kind", "dax"}, {"dax_device", "dax9.0"}}}},
      {"kernels", {"stream_read_simd", "stream_copy_simd", "latency_chase"}},
      {"threads", {1}},
      {"working_set_bytes", 1u << 20},
      {"min_time_seconds", 0.01},
      {"repetitions", 1}};
  std::ofstream(dir / "manifest.json") << manifest.dump(2);
  return dir / "manifest.json";
}

TEST(AgentEndToEndTest, ram_and_file_regions_stream_run_start_to_run_end_with_verdicts) {
  const auto dir = Scratch("ok");
  const auto out = dir / "events.jsonl";
  auto run = RunAgentBinary({"--manifest", WriteManifest(dir).string(), "--output", out.string(),
                             "--sysfs-root", (testing::TestData() / "empty_sysfs").string()});
  ASSERT_TRUE(run) << run.error().message;
  ASSERT_EQ(run->exit_code, 0) << run->output;
  const std::vector<json> events = ReadEvents(out);
  ASSERT_GE(events.size(), 4u);
  EXPECT_EQ(events.front()["event"], "run_start");
  EXPECT_EQ(events.back()["event"], "run_end");
  EXPECT_EQ(events.back()["status"], "ok");
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i]["seq"], i) << events[i].dump();
    EXPECT_EQ(events[i]["schema"], "memattr.events/1");
  }
  EXPECT_EQ(events.front()["labels"]["scenario"], "x86-end-to-end");
  EXPECT_TRUE(events.front()["facts"].contains("kernel_release"));
  EXPECT_EQ(events.front()["facts"]["module_loaded"], false);

  std::set<std::string> found, skipped, measured, verdict_regions;
  int begins = 0;
  for (const json& e : events) {
    if (e["event"] == "region_found") found.insert(e["region"]["name"].get<std::string>());
    if (e["event"] == "region_skipped")
      skipped.insert(e["region"].get<std::string>() + ": " + e["reason"].get<std::string>());
    if (e["event"] == "measurement_begin") ++begins;
    if (e["event"] == "measurement") {
      EXPECT_FALSE(e["run"].value("error_occurred", false)) << e.dump();
      EXPECT_GT(e["run"]["real_time"].get<double>(), 0.0);
      measured.insert(e["region"].get<std::string>() + "/" + e["kernel"].get<std::string>());
    }
    if (e["event"] != "verdict") continue;
    verdict_regions.insert(e["region"].get<std::string>());
    EXPECT_EQ(e["attribute"], "normal-wb");
    EXPECT_THAT((std::vector<std::string>{"normal-wb", "normal-nc", "normal", "uncached", "device",
                                          "unknown"}),
                ::testing::Contains(e["inferred"].get<std::string>()));
    EXPECT_THAT((std::vector<std::string>{"as-expected", "degraded", "unsafe", "inconclusive"}),
                ::testing::Contains(e["verdict"].get<std::string>()));
    EXPECT_FALSE(e["evidence"].empty());
  }
  EXPECT_EQ(found, (std::set<std::string>{"ram", "file0"}));
  EXPECT_THAT(skipped, ::testing::ElementsAre(HasSubstr("dax9: dax device 'dax9.0' not found")));
  EXPECT_EQ(measured, (std::set<std::string>{"ram/stream_read_simd", "ram/stream_copy_simd",
                                             "ram/latency_chase", "file0/stream_read_simd",
                                             "file0/stream_copy_simd", "file0/latency_chase"}));
  EXPECT_EQ(begins, 6);
  EXPECT_EQ(verdict_regions, (std::set<std::string>{"ram", "file0"}));
}

// Issue 16 class 11: a file region the agent cannot measure, or must not write, is refused
// with its reason (region_skipped), the run does not end "ok", and no file is touched.
TEST(AgentEndToEndTest, file_regions_that_cannot_be_measured_or_must_not_be_written_are_refused) {
  const auto dir = Scratch("file_refused");
  const std::filesystem::path precious = dir / "precious.txt", fifo = dir / "fifo";
  std::ofstream(precious) << "keep me";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto region = [](const std::string& name, const std::filesystem::path& path) {
    return json{{"name", name}, {"kind", "file"}, {"path", path.string()}, {"size_bytes", 1 << 20}};
  };
  const json manifest = {{"schema", "memattr.manifest/1"},
                         {"regions",
                          {region("fifo0", fifo), region("dir0", dir), region("zero0", "/dev/zero"),
                           region("precious0", precious)}},
                         {"kernels", {"stream_read_simd"}},
                         {"probes", {"unaligned_load_8"}},
                         {"min_time_seconds", 0.01},
                         {"repetitions", 1}};
  std::ofstream(dir / "m.json") << manifest.dump();
  const auto out = dir / "events.jsonl";
  auto run = RunAgentBinary({"--manifest", (dir / "m.json").string(), "--output", out.string(),
                             "--sysfs-root", (testing::TestData() / "empty_sysfs").string()});
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_NE(run->exit_code, 0) << run->output;
  std::map<std::string, std::string> skipped;
  const std::vector<json> events = ReadEvents(out);
  for (const json& e : events)
    if (e["event"] == "region_skipped") skipped[e["region"]] = e["reason"];
  EXPECT_THAT(skipped["fifo0"], HasSubstr("is a FIFO"));
  EXPECT_THAT(skipped["dir0"], HasSubstr("is a directory"));
  EXPECT_THAT(skipped["zero0"], HasSubstr("is a character device"));
  EXPECT_THAT(skipped["precious0"], HasSubstr("would be overwritten"));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back()["event"], "run_end");
  EXPECT_EQ(events.back()["status"], "failed");
  std::ifstream in(precious);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "keep me");
}

TEST(AgentEndToEndTest, bad_manifest_exits_2_naming_the_field) {
  const auto dir = Scratch("bad");
  std::ofstream(dir / "bad.json")
      << R"({"schema": "memattr.manifest/1", "regions": [{"name": "r", "kind": "ram", "bar": 9}]})";
  auto run = RunAgentBinary(
      {"--manifest", (dir / "bad.json").string(), "--output", (dir / "out.jsonl").string()});
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->exit_code, 2);
  EXPECT_THAT(run->output, HasSubstr("bad.json: regions[0].bar: not meaningful for kind 'ram'"));
}

TEST(AgentEndToEndTest, unknown_kernel_name_exits_2) {
  const auto dir = Scratch("kernel");
  std::ofstream(dir / "k.json")
      << R"({"schema": "memattr.manifest/1", "regions": [{"name": "r", "kind": "ram"}], "kernels": ["stream_read_simd", "warp_drive"]})";
  auto run = RunAgentBinary({"--manifest", (dir / "k.json").string(), "--output", "-"});
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->exit_code, 2);
  EXPECT_THAT(run->output, HasSubstr("kernels[1]: unknown name 'warp_drive' (known: "));
}

// The restarted boot of the nested A/B: the host saw unaligned_load_8 take the guest down.
TEST(AgentEndToEndTest, host_outcome_becomes_the_probes_outcome_and_verdict_evidence) {
  const auto dir = Scratch("host_outcome");
  std::ofstream(dir / "m.json")
      << R"({"schema": "memattr.manifest/1", "regions": [{"name": "ram", "kind": "ram"}],
    "attributes": ["normal-wb"], "kernels": ["latency_chase"], "probes": ["unaligned_load_8"],
    "working_set_bytes": 1048576, "min_time_seconds": 0.01, "repetitions": 1,
    "skip_cells": [{"region": "ram", "attribute": "normal-wb", "probe": "unaligned_load_8"}],
    "host_outcomes": [{"region": "ram", "attribute": "normal-wb", "probe": "unaligned_load_8", "outcome": "stage2-fault",
                       "evidence": ["kvm [812]: Unsupported FSC: EC=0x24 xFSC=0x21 ESR_EL2=0x93c28021"]}]})";
  const auto out = dir / "events.jsonl";
  auto run = RunAgentBinary({"--manifest", (dir / "m.json").string(), "--output", out.string(),
                             "--sysfs-root", (testing::TestData() / "empty_sysfs").string()});
  ASSERT_TRUE(run) << run.error().message;
  ASSERT_EQ(run->exit_code, 0) << run->output;
  int host_observed = 0, probe_begins = 0, verdicts = 0;
  for (const json& e : ReadEvents(out)) {
    probe_begins += e["event"] == "probe_begin";
    if (e["event"] == "probe_outcome") {
      EXPECT_EQ(e["source"], "host-observed") << e.dump();
      EXPECT_EQ(e["outcome"]["kind"], "fault");
      ++host_observed;
    }
    if (e["event"] != "verdict") continue;
    ++verdicts;
    EXPECT_THAT(e["evidence"].get<std::vector<std::string>>(),
                ::testing::Contains(
                    "host: kvm [812]: Unsupported FSC: EC=0x24 xFSC=0x21 ESR_EL2=0x93c28021"));
    EXPECT_THAT(e["reason"].get<std::string>(),
                HasSubstr("observed by the host: unaligned_load_8 (stage2-fault)"));
  }
  EXPECT_EQ(host_observed, 1);
  EXPECT_EQ(probe_begins, 0) << "the probe the host observed must not run again";
  EXPECT_EQ(verdicts, 1);
}

TEST(AgentEndToEndTest, host_outcome_naming_an_unknown_probe_exits_2) {
  const auto dir = Scratch("host_outcome_probe");
  std::ofstream(dir / "h.json")
      << R"({"schema": "memattr.manifest/1", "regions": [{"name": "r", "kind": "ram"}],
    "host_outcomes": [{"region": "r", "attribute": "normal-wb", "probe": "unaligned_lod_8", "outcome": "stage2-fault"}]})";
  auto run = RunAgentBinary({"--manifest", (dir / "h.json").string(), "--output", "-"});
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->exit_code, 2);
  EXPECT_THAT(run->output,
              HasSubstr("host_outcomes[0].probe: unknown name 'unaligned_lod_8' (known: "));
}

}  // namespace
}  // namespace memattr::agent
