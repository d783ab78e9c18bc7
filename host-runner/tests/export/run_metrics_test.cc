#include "run_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace memattr::host_export {
namespace {

using nlohmann::json;

json Record(const std::string& run_name, double bytes_per_second, int repetition) {
  return {{"name", run_name},
          {"run_name", run_name},
          {"run_type", "iteration"},
          {"repetition_index", repetition},
          {"iterations", 10},
          {"real_time", 1.0},
          {"bytes_per_second", bytes_per_second},
          {"memattr_region", "dax0"},
          {"memattr_attribute", "normal-wb"},
          {"memattr_kernel", "stream_copy_simd"},
          {"memattr_threads", 2},
          {"memattr_backing", "dax"}};
}

json Results(json benchmarks) {
  return {{"context",
           {{"memattr.schema", "memattr.results/1"},
            {"memattr.scenario", "s"},
            {"host_name", "h"},
            {"date", "2026-01-02T03:04:05+01:00"},
            {"memattr.duration_seconds", "10.5"},
            {"memattr.cacheable_pfnmap_cap", "unavailable: no /dev/kvm"}}},
          {"benchmarks", std::move(benchmarks)},
          {"memattr", json::object()}};
}

TEST(RunMetricsTest, median_of_iterations_without_aggregates) {
  auto run = ParseRunMetrics(
      Results({Record("a", 3e9, 0), Record("a", 1e9, 1), Record("a", 2e9, 2), Record("a", 9e9, 3)}),
      "t.json");
  ASSERT_TRUE(run) << run.error().message;
  ASSERT_EQ(run->cells.size(), 1u);
  EXPECT_DOUBLE_EQ(*run->cells[0].bytes_per_second, 2.5e9);
  EXPECT_EQ(run->cells[0].key.threads, "2");
  EXPECT_EQ(run->cells[0].key.backing, "dax");
  EXPECT_FALSE(run->cells[0].atomic_operations_per_second);
}

TEST(RunMetricsTest, median_aggregate_wins_and_errors_are_left_out) {
  json median = Record("a", 7e9, 0);
  median["run_type"] = "aggregate";
  median["aggregate_name"] = "median";
  json mean = median;
  mean["aggregate_name"] = "mean";
  mean["bytes_per_second"] = 1.0;
  json failed = Record("b", 0, 0);
  failed["error_occurred"] = true;
  auto run = ParseRunMetrics(Results({Record("a", 1e9, 0), mean, median, failed}), "t.json");
  ASSERT_TRUE(run) << run.error().message;
  ASSERT_EQ(run->cells.size(), 1u);
  EXPECT_DOUBLE_EQ(*run->cells[0].bytes_per_second, 7e9);
}

TEST(RunMetricsTest, exclusive_and_atomic_kernels_are_told_apart_by_counters) {
  json exclusive = Record("x", 0, 0);
  exclusive.erase("bytes_per_second");
  exclusive["items_per_second"] = 5e6;
  exclusive["stxr_failures"] = 0.25;  // per iteration, 10 iterations
  json atomic = exclusive;
  atomic.erase("stxr_failures");
  atomic["name"] = atomic["run_name"] = "y";
  auto run = ParseRunMetrics(Results({exclusive, atomic}), "t.json");
  ASSERT_TRUE(run) << run.error().message;
  ASSERT_EQ(run->cells.size(), 2u);
  EXPECT_DOUBLE_EQ(*run->cells[0].exclusive_operations_per_second, 5e6);
  EXPECT_DOUBLE_EQ(*run->cells[0].store_exclusive_failures, 2.5);
  EXPECT_FALSE(run->cells[0].atomic_operations_per_second);
  EXPECT_DOUBLE_EQ(*run->cells[1].atomic_operations_per_second, 5e6);
}

TEST(RunMetricsTest, facts_are_bounded_and_end_time_is_date_plus_duration) {
  auto run = ParseRunMetrics(Results(json::array()), "t.json");
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->facts.cacheable_pfnmap, "unavailable");
  EXPECT_EQ(run->facts.host_kernel, "unknown");
  // 2026-01-02T02:04:05Z = 1767319445
  EXPECT_DOUBLE_EQ(run->facts.end_time_seconds, 1767319445.0 + 10.5);
}

TEST(RunMetricsTest, context_dates_in_both_zone_spellings) {
  EXPECT_EQ(ParseContextDate("2026-01-02T02:04:05Z"), 1767319445.0);
  EXPECT_EQ(ParseContextDate("2026-01-02T03:04:05+01:00"), 1767319445.0);
  EXPECT_EQ(ParseContextDate("2026-01-02T00:34:05-0130"), 1767319445.0);  // strftime %z
  EXPECT_FALSE(ParseContextDate("2026-01-02T03:04:05 CET"));
  EXPECT_FALSE(ParseContextDate("yesterday"));
}

TEST(RunMetricsTest, kernel_labels_are_the_release_and_backing_comes_from_the_region) {
  json results = Results({Record("a", 1e9, 0)});
  results["context"]["memattr.host_kernel"] =
      "6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1";
  results["benchmarks"][0].erase("memattr_backing");
  results["memattr"]["regions"] = {{{"name", "dax0"}, {"kind", "dax"}, {"backing", ""}},
                                   {{"name", "vfio0"}, {"kind", "vfio"}, {"skipped", "no IOMMU"}}};
  auto run = ParseRunMetrics(results, "t.json");
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->facts.host_kernel, "6.1.0-28-amd64");
  EXPECT_EQ(run->cells.at(0).key.backing, "dax");  // the kind, as the region's backing is ""
  ASSERT_EQ(run->regions.size(), 1u);              // the skipped region is not a region with a size
}

TEST(RunMetricsTest, errors_name_the_record_and_field) {
  json record = Record("a", 1, 0);
  record.erase("memattr_region");
  auto run = ParseRunMetrics(Results({record}), "t.json");
  ASSERT_FALSE(run);
  EXPECT_EQ(run.error().message, "t.json: benchmarks[0] (a): missing memattr_region");
  json results = Results(json::array());
  results["context"]["memattr.schema"] = "memattr.results/9";
  EXPECT_THAT(ParseRunMetrics(results, "t.json").error().message,
              testing::HasSubstr("context.memattr.schema: 'memattr.results/9'"));
  EXPECT_THAT(LoadRunMetrics("/nonexistent/dir").error().message,
              testing::HasSubstr("/nonexistent/dir/results.json: open"));
}

// The recorded TCG run of scenarios/default.yaml, written by the real writer: 5 regions (ram,
// dax0, cxl0, bar0, bar0-vfio) with 11 region/attribute pairs, 31 kernels and 10 probes on each.
TEST(RunMetricsTest, recorded_run_has_every_kind_of_result) {
  auto run = LoadRunMetrics(MEMATTR_RECORDED_RESULTS "/tcg-default");
  ASSERT_TRUE(run) << run.error().message;
  EXPECT_EQ(run->facts.scenario, "default");
  EXPECT_EQ(run->regions.size(), 5u);
  EXPECT_EQ(run->cells.size(), 11u * 31);
  EXPECT_EQ(run->probes.size(), 11u * 10);
  EXPECT_EQ(run->verdicts.size(), 11u);
  EXPECT_EQ(run->failed_steps, 0u);
  const auto bandwidth =
      std::count_if(run->cells.begin(), run->cells.end(),
                    [](const CellMetrics& c) { return c.bytes_per_second.has_value(); });
  EXPECT_EQ(bandwidth, 11 * 19);  // the 19 streaming kernels
}

}  // namespace
}  // namespace memattr::host_export
