#include "run_comparison.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "comparison_format.h"

namespace memattr::compare {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

json Run(const std::string& name, double time) {
  return {{"name", name}, {"run_name", name}, {"run_type", "iteration"}, {"real_time", time},
          {"cpu_time", time}, {"time_unit", "ns"}, {"iterations", 100}};
}

RunResults MakeRun(std::vector<double> times, const std::string& verdict,
                   const std::string& host_kernel = "6.12.0", const std::string& accel = "tcg") {
  json benchmarks = json::array();
  for (double t : times) benchmarks.push_back(Run("stream_read_simd/region:bar0/attr:normal-wb", t));
  json context = {{"memattr.arch", "aarch64"}, {"memattr.accel", accel},
                  {"memattr.host_kernel", host_kernel}};
  json memattr = {{"verdicts", {{{"region", "bar0"}, {"attribute", "normal-wb"},
                                 {"verdict", verdict}, {"inferred", "normal-wb"}}}},
                  {"probes", {{{"region", "bar0"}, {"attribute", "normal-wb"},
                               {"probe", "unaligned_load_8"}, {"outcome", {{"kind", "ok"}}}}}}};
  return {"run", {{"context", context}, {"benchmarks", benchmarks}, {"memattr", memattr}}};
}

TEST(RunComparisonTest, identical_runs_change_nothing_and_exit_zero) {
  RunResults a = MakeRun({10, 11, 12, 10.5, 11.5}, "as-expected");
  RunComparison c = CompareRuns(a, a, {});
  ASSERT_EQ(c.benchmarks.size(), 1u);
  EXPECT_FALSE(c.benchmarks[0].significant);
  EXPECT_TRUE(c.verdicts.empty());
  EXPECT_EQ(ComparisonExitCode(c), 0);
}

TEST(RunComparisonTest, a_slower_run_is_significant_with_its_p_value) {
  RunComparison c = CompareRuns(MakeRun({10, 11, 12, 10.5, 11.5}, "as-expected"),
                                MakeRun({20, 21, 22, 20.5, 21.5}, "as-expected"), {});
  ASSERT_EQ(c.benchmarks.size(), 1u);
  EXPECT_TRUE(c.benchmarks[0].significant);
  EXPECT_NEAR(*c.benchmarks[0].p_value, 2.0 / 252, 1e-12);  // exact: 2 / C(10,5)
  EXPECT_NEAR(c.benchmarks[0].relative_change, 10.0 / 11, 1e-12);
  EXPECT_FALSE(c.benchmarks[0].enough_repetitions);
  EXPECT_EQ(ComparisonExitCode(c), 1);
}

TEST(RunComparisonTest, verdict_change_and_host_kernel_difference_are_named) {
  RunComparison c = CompareRuns(MakeRun({10, 11}, "degraded", "6.12.0"),
                                MakeRun({10, 11}, "as-expected", "7.3.4"), {});
  ASSERT_EQ(c.verdicts.size(), 1u);
  EXPECT_EQ(c.verdicts[0].what, "bar0/normal-wb verdict");
  EXPECT_THAT(c.verdicts[0].a, HasSubstr("degraded"));
  ASSERT_EQ(c.facts.size(), 1u);
  EXPECT_EQ(c.facts[0].what, "memattr.host_kernel");
  EXPECT_EQ(ComparisonExitCode(c), 1);
  const std::string table = FormatComparison(c, "A", "B");
  EXPECT_THAT(table, HasSubstr("bar0/normal-wb verdict: degraded"));
  EXPECT_THAT(table, HasSubstr("memattr.host_kernel: 6.12.0 -> 7.3.4"));
}

TEST(RunComparisonTest, different_accelerators_are_not_compared_as_alike) {
  RunComparison c = CompareRuns(MakeRun({10, 11}, "as-expected", "6.12", "tcg"),
                                MakeRun({1, 1.1}, "as-expected", "6.12", "kvm"), {});
  EXPECT_THAT(c.incomparable, HasSubstr("memattr.accel differs (tcg vs kvm)"));
  EXPECT_TRUE(c.benchmarks.empty());
  EXPECT_EQ(ComparisonExitCode(c), 2);
}

TEST(RunComparisonTest, loading_a_directory_without_results_names_the_file) {
  const auto dir = std::filesystem::temp_directory_path() / "memattr_compare_empty_dir";
  std::filesystem::create_directories(dir);
  auto r = LoadRunResults(dir);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr((dir / "results.json").string()));
  EXPECT_THAT(r.error().message, HasSubstr("not a memattr results directory"));
  std::ofstream(dir / "results.json") << "{\"context\": {}}";
  r = LoadRunResults(dir);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("benchmarks: missing"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace memattr::compare
