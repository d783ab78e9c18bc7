// results.json shape, compare.py reading it unchanged, the summary table and exit codes.
#include "results/results_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "host/command_output.h"
#include "results/results_dir.h"
#include "results/run_summary.h"

namespace memattr::host {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

nlohmann::json Measurement(const std::string& region, const std::string& attr, double real_time) {
  const std::string name = "stream_copy/region:" + region + "/attr:" + attr;
  return {{"event", "measurement"},
          {"region", region},
          {"attribute", attr},
          {"kernel", "stream_copy"},
          {"threads", 1},
          {"run",
           {{"name", name},
            {"run_name", name},
            {"run_type", "iteration"},
            {"repetitions", 1},
            {"repetition_index", 0},
            {"threads", 1},
            {"iterations", 1000},
            {"real_time", real_time},
            {"cpu_time", real_time},
            {"time_unit", "ns"},
            {"bytes_per_second", 2.5e9}}}};
}

nlohmann::json Verdict(const std::string& region, const std::string& attr, const std::string& v) {
  return {{"event", "verdict"},   {"seq", 9},
          {"region", region},     {"attribute", attr},
          {"inferred", "device"}, {"expected", "device"},
          {"verdict", v}};
}

TEST(ResultsFileTest, compare_py_reads_results_json_unchanged) {
  const fs::path dir =
      fs::temp_directory_path() / ("memattr-results-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  for (const char* run : {"a", "b"}) {
    ResultsFile results;
    results.SetContext("memattr.scenario", "default");
    results.AddEvent(Measurement("bar0", "device-ngnre", run[0] == 'a' ? 1000 : 1500));
    results.AddEvent(Measurement("ram", "normal-wb", 100));
    auto d = ResultsDir::Create(dir / run);
    ASSERT_TRUE(d.ok()) << d.error().message;
    ASSERT_TRUE(d->WriteResultsJson(results.ToJson()).ok());
  }
  const auto out =
      RunAndCapture({"/usr/bin/python3", "/usr/share/benchmark/compare.py", "benchmarks",
                     (dir / "a/results.json").string(), (dir / "b/results.json").string()});
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_THAT(*out, HasSubstr("stream_copy/region:bar0/attr:device-ngnre"));
  EXPECT_THAT(*out, HasSubstr("+0.5000"));  // 1000 ns -> 1500 ns
  fs::remove_all(dir);
}

TEST(ResultsFileTest, sections_and_context) {
  ResultsFile results;
  results.AddEvent({{"event", "region_found"}, {"region", {{"name", "dax0"}, {"kind", "dax"}}}});
  results.AddEvent({{"event", "probe_outcome"},
                    {"region", "dax0"},
                    {"attribute", "normal-wb"},
                    {"probe", "unaligned_load_8"},
                    {"outcome", {{"kind", "ok"}}}});
  results.AddEvent(Verdict("dax0", "normal-wb", "as-expected"));
  results.AddSkippedRegion("cxl1", "cxl", "cxl-type3 on arm virt needs QEMU >= 10.1");
  const nlohmann::json j = results.ToJson();
  EXPECT_EQ(j["context"]["memattr.schema"], "memattr.results/1");
  EXPECT_EQ(j["context"]["executable"], "memattr-host");
  EXPECT_EQ(j["memattr"]["regions"].size(), 2u);
  EXPECT_EQ(j["memattr"]["probes"][0]["outcome"]["kind"], "ok");
  EXPECT_FALSE(j["memattr"]["verdicts"][0].contains("seq"));
  EXPECT_EQ(j["memattr"]["verdicts"][0]["verdict"], "as-expected");
}

TEST(ResultsFileTest, host_observed_probe_keeps_its_source_and_the_host_lines) {
  ResultsFile results;
  results.AddEvent({{"event", "probe_outcome"},
                    {"region", "bar0"},
                    {"attribute", "normal-wb"},
                    {"probe", "unaligned_load_8"},
                    {"outcome", {{"kind", "fault"}, {"signal", 0}}},
                    {"source", "host-observed"},
                    {"host_outcome", "stage2-fault"},
                    {"evidence", {"kvm [812]: Unsupported FSC: EC=0x24 xFSC=0x21"}}});
  const nlohmann::json probe = results.ToJson()["memattr"]["probes"][0];
  EXPECT_EQ(probe["outcome"]["kind"], "fault");
  EXPECT_EQ(probe["source"], "host-observed");
  EXPECT_EQ(probe["host_outcome"], "stage2-fault");
  EXPECT_EQ(probe["evidence"][0], "kvm [812]: Unsupported FSC: EC=0x24 xFSC=0x21");
}

TEST(RunSummaryTest, table_rows_and_exit_codes) {
  ResultsFile results;
  results.SetContext("memattr.accel", "tcg");
  results.AddEvent(Measurement("bar0", "device-ngnre", 1000));
  results.AddEvent({{"event", "probe_outcome"},
                    {"region", "bar0"},
                    {"attribute", "device-ngnre"},
                    {"probe", "unaligned_load_8"},
                    {"outcome", {{"kind", "fault"}}}});
  results.AddEvent(Verdict("bar0", "device-ngnre", "as-expected"));
  const std::string table = RenderRunSummary(results.ToJson());
  EXPECT_THAT(table, HasSubstr("TCG timings are emulated"));
  EXPECT_THAT(table, HasSubstr("bar0         device-ngnre   device       as-expected   2.50 GB/s; "
                               "unaligned_load_8=fault"));
  EXPECT_TRUE(ResultsAsExpected(results.ToJson()));
  results.AddEvent(Verdict("dax0", "normal-wb", "degraded"));
  EXPECT_FALSE(ResultsAsExpected(results.ToJson()));
  ResultsFile failed;
  failed.AddEvent(Verdict("bar0", "device-ngnre", "as-expected"));
  failed.AddFailure(1, "boot", "boot-timeout");
  EXPECT_FALSE(ResultsAsExpected(failed.ToJson()));
  EXPECT_THAT(RenderRunSummary(failed.ToJson()), HasSubstr("FAIL boot 1 at boot: boot-timeout"));
  EXPECT_FALSE(ResultsAsExpected(ResultsFile().ToJson())) << "no verdict at all is a failure";
}

// Issue 20: a type observed only in part says so under the table, once per value.
TEST(RunSummaryTest, partial_inferred_types_get_a_legend) {
  ResultsFile results;
  nlohmann::json normal = Verdict("dax0", "normal-nc", "as-expected");
  normal["inferred"] = "normal";
  results.AddEvent(normal);
  normal["region"] = "cxl0";
  results.AddEvent(normal);
  const std::string table = RenderRunSummary(results.ToJson());
  EXPECT_THAT(table, HasSubstr("dax0         normal-nc      normal       as-expected"));
  EXPECT_THAT(table, HasSubstr("inferred normal: Normal memory; Write-Back vs Non-cacheable not "
                               "observed"));
  EXPECT_EQ(table.find("inferred normal:"), table.rfind("inferred normal:"));
  results.AddEvent(Verdict("bar0", "device-ngnre", "as-expected"));
  EXPECT_THAT(RenderRunSummary(results.ToJson()), Not(HasSubstr("inferred device")));
}

}  // namespace
}  // namespace memattr::host
