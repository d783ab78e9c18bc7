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
  return {{"name", name},     {"run_name", name},  {"run_type", "iteration"}, {"real_time", time},
          {"cpu_time", time}, {"time_unit", "ns"}, {"iterations", 100}};
}

RunResults MakeRun(std::vector<double> times, const std::string& verdict,
                   const std::string& host_kernel = "6.12.0", const std::string& accel = "kvm") {
  json benchmarks = json::array();
  for (double t : times)
    benchmarks.push_back(Run("stream_read_simd/region:bar0/attr:normal-wb", t));
  json context = {
      {"memattr.arch", "aarch64"}, {"memattr.accel", accel}, {"memattr.host_kernel", host_kernel}};
  json memattr = {{"verdicts",
                   {{{"region", "bar0"},
                     {"attribute", "normal-wb"},
                     {"verdict", verdict},
                     {"inferred", "normal-wb"}}}},
                  {"probes",
                   {{{"region", "bar0"},
                     {"attribute", "normal-wb"},
                     {"probe", "unaligned_load_8"},
                     {"outcome", {{"kind", "ok"}}}}}}};
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

// Runs with one benchmark per entry of `times`, named "kernel<i>/region:ram/attr:normal-wb".
RunResults MakeRunOf(const std::vector<std::vector<double>>& times) {
  RunResults run = MakeRun({}, "as-expected");
  for (std::size_t i = 0; i < times.size(); ++i)
    for (double t : times[i])
      run.results["benchmarks"].push_back(
          Run("kernel" + std::to_string(i) + "/region:ram/attr:normal-wb", t));
  return run;
}

TEST(RunComparisonTest, significance_is_holm_corrected_over_the_benchmarks_tested) {
  const std::vector<double> base{10, 11, 12, 10.5, 11.5}, slower{20, 21, 22, 20.5, 21.5};
  std::vector<std::vector<double>> a(10, base), b(10, base);
  b[4] = slower;  // exact p = 2/252 < 0.05 alone; times 10 tests it is not
  RunComparison c = CompareRuns(MakeRunOf(a), MakeRunOf(b), {});
  ASSERT_EQ(c.benchmarks.size(), 10u);
  EXPECT_NEAR(*c.benchmarks[4].p_value, 2.0 / 252, 1e-12);  // compare.py's, unchanged
  EXPECT_NEAR(*c.benchmarks[4].holm_p_value, 10 * 2.0 / 252, 1e-12);
  EXPECT_FALSE(c.benchmarks[4].significant);
  EXPECT_EQ(c.UncorrectedSignificantCount(), 1u);
  EXPECT_EQ(ComparisonExitCode(c), 0);
  EXPECT_THAT(FormatComparison(c, "A", "B"),
              HasSubstr("not significant (p < alpha before Holm correction)"));

  std::vector<double> slow9(9), base9(9);
  for (int i = 0; i < 9; ++i) base9[i] = 10 + 0.1 * i, slow9[i] = 20 + 0.1 * i;
  a[7] = base9, b[7] = slow9;  // p ~ 4e-4: still significant among 10
  c = CompareRuns(MakeRunOf(a), MakeRunOf(b), {});
  EXPECT_TRUE(c.benchmarks[7].significant);
  EXPECT_TRUE(c.benchmarks[7].enough_repetitions);
  EXPECT_EQ(c.SignificantCount(), 1u);
  EXPECT_EQ(ComparisonExitCode(c), 1);
  const json j = ComparisonToJson(c);
  EXPECT_EQ(j["significance"]["correction"], "holm-bonferroni");
  EXPECT_EQ(j["significance"]["tested"], 10);
  EXPECT_EQ(j["significance"]["significant"], 1);
  EXPECT_EQ(j["significance"]["significant_uncorrected"], 2);
}

TEST(RunComparisonTest, emulated_timings_are_shown_but_do_not_count_unless_asked) {
  const RunResults a = MakeRun({10, 11, 12, 10.5, 11.5}, "as-expected", "6.12", "tcg");
  const RunResults b = MakeRun({20, 21, 22, 20.5, 21.5}, "as-expected", "6.12", "tcg");
  RunComparison c = CompareRuns(a, b, {});
  EXPECT_TRUE(c.timings_emulated);
  EXPECT_FALSE(c.timings_gate);
  EXPECT_TRUE(c.benchmarks[0].significant);  // the statistics are unchanged
  EXPECT_EQ(ComparisonExitCode(c), 0);
  const std::string table = FormatComparison(c, "A", "B");
  EXPECT_THAT(table, HasSubstr("significant (emulated timings: not counted)"));
  EXPECT_THAT(table, HasSubstr("Timings are emulated (TCG) on both sides"));
  EXPECT_EQ(ComparisonToJson(c)["significance"]["timings_gate"], false);

  c = CompareRuns(a, b, {.gate_emulated_timings = true});
  EXPECT_TRUE(c.timings_gate);
  EXPECT_EQ(ComparisonExitCode(c), 1);
  // a verdict change counts under TCG as anywhere
  EXPECT_EQ(ComparisonExitCode(CompareRuns(a, MakeRun({10, 11}, "degraded", "6.12", "tcg"), {})),
            1);
}

TEST(RunComparisonTest, a_benchmark_with_one_repetition_is_reported_not_tested) {
  RunComparison c =
      CompareRuns(MakeRunOf({{10}, {10, 11, 12}}), MakeRunOf({{30}, {10, 11, 12}}), {});
  ASSERT_EQ(c.benchmarks.size(), 2u);
  EXPECT_FALSE(c.benchmarks[0].p_value);
  EXPECT_FALSE(c.benchmarks[0].holm_p_value);
  EXPECT_FALSE(c.benchmarks[0].significant);  // +200%, but nothing to test it with
  EXPECT_EQ(c.TestedCount(), 1u);
  EXPECT_EQ(c.UnreliableCount(), 1u);  // the 3-repetition one
  const std::string table = FormatComparison(c, "A", "B");
  EXPECT_THAT(table, HasSubstr("not tested: fewer than 2 repetitions"));
  EXPECT_THAT(table, HasSubstr("1 NOT tested: fewer than 2 repetitions on a side"));
  EXPECT_THAT(table, HasSubstr("(fewer than 9 repetitions: unreliable)"));
  EXPECT_EQ(ComparisonToJson(c)["significance"]["not_tested"], 1);
  EXPECT_EQ(ComparisonToJson(c)["benchmarks"][0]["p_value"], nullptr);
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
