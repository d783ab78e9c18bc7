#include "metrics_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "memattr/protocol/metric_names.h"
#include "run_metrics.h"

namespace memattr::host_export {
using namespace protocol::metric_names;  // NOLINT: the names are this file's vocabulary
namespace {

using Series = std::map<std::string, std::string>;

const prometheus::MetricFamily& FamilyNamed(const std::vector<prometheus::MetricFamily>& families,
                                            std::string_view name) {
  for (const auto& family : families) {
    if (family.name == name) return family;
  }
  ADD_FAILURE() << "no family " << name;
  static prometheus::MetricFamily none;
  return none;
}

Series LabelsOf(const prometheus::ClientMetric& metric) {
  Series out;
  for (const auto& label : metric.label) out[label.name] = label.value;
  return out;
}

// Value of the one series whose labels include every pair of `match`.
double ValueOf(const prometheus::MetricFamily& family, const Series& match) {
  std::vector<double> found;
  for (const auto& metric : family.metric) {
    const Series labels = LabelsOf(metric);
    const bool all = std::all_of(match.begin(), match.end(), [&](const auto& kv) {
      return labels.count(kv.first) && labels.at(kv.first) == kv.second;
    });
    if (all) {
      found.push_back(family.type == prometheus::MetricType::Counter ? metric.counter.value
                                                                     : metric.gauge.value);
    }
  }
  EXPECT_EQ(found.size(), 1u) << family.name;
  return found.empty() ? -1 : found[0];
}

class MetricsRegistryTest : public testing::Test {
 protected:
  void SetUp() override {
    auto run = LoadRunMetrics(MEMATTR_RECORDED_RESULTS "/tcg-default");
    ASSERT_TRUE(run) << run.error().message;
    run_ = *std::move(run);
    families_ = BuildRegistry(std::span(&run_, 1))->Collect();
  }
  RunMetrics run_;
  std::vector<prometheus::MetricFamily> families_;
};

// Issue 16 class 10: the scenario's labels (results.json memattr.labels) reach every series.
TEST_F(MetricsRegistryTest, scenario_labels_reach_every_exported_series) {
  ASSERT_EQ(run_.facts.labels.count("device_under_test"), 1u);
  int series = 0;
  for (const auto& family : families_) {
    for (const auto& metric : family.metric) {
      ++series;
      EXPECT_EQ(LabelsOf(metric)["device_under_test"], run_.facts.labels.at("device_under_test"))
          << family.name;
    }
  }
  EXPECT_GT(series, 50);
}

// Issue 16 class 10: one label value rule everywhere. A region whose name has a '/', ':' or a
// control character (an agent run without a manifest names PCI BARs "0000:00:02.0/bar2") gets the
// same value in its benchmark cells (named through the benchmark-name segment) as in its probe,
// verdict and size series (named from the raw string); reserved or invalid label keys are left out.
TEST(MetricsRegistryLabelTest, one_region_has_one_label_value_in_every_metric) {
  const nlohmann::json results = {
      {"context", {{"memattr.scenario", "s"}}},
      {"benchmarks",
       {{{"name", "stream_read_simd/region:0000_00_02.0_bar2\t/attr:normal-wb/real_time"},
         {"run_name", "stream_read_simd/region:0000_00_02.0_bar2\t/attr:normal-wb/real_time"},
         {"run_type", "iteration"},
         {"memattr_region", "0000_00_02.0_bar2_"},
         {"memattr_attribute", "normal-wb"},
         {"memattr_kernel", "stream_read_simd"},
         {"bytes_per_second", 1e9}}}},
      {"memattr",
       {{"regions", {{{"name", "0000:00:02.0/bar2\t"}, {"kind", "bar"}, {"size_bytes", 4096}}}},
        {"probes",
         {{{"region", "0000:00:02.0/bar2\t"},
           {"attribute", "normal-wb"},
           {"probe", "dc_zva"},
           {"outcome", {{"kind", "ok"}}}}}},
        {"verdicts",
         {{{"region", "0000:00:02.0/bar2\t"},
           {"attribute", "normal-wb"},
           {"inferred", "normal-wb"},
           {"expected", "normal-wb"},
           {"verdict", "as-expected"}}}},
        {"labels", {{"dut", "x\ny"}, {"region", "hijack"}, {"bad-key", "v"}}}}}};
  const Result<RunMetrics> run = ParseRunMetrics(results, "results.json");
  ASSERT_TRUE(run) << run.error().message;
  ASSERT_EQ(run->cells.size(), 1u);  // the benchmark cell is there to disagree, were it named apart
  std::set<std::string> regions;
  for (const auto& family : BuildRegistry(std::span(&*run, 1))->Collect()) {
    for (const auto& metric : family.metric) {
      const Series labels = LabelsOf(metric);
      if (labels.count("region")) regions.insert(labels.at("region"));
      EXPECT_EQ(labels.at("dut"), "x_y") << family.name;
      EXPECT_EQ(labels.count("bad-key"), 0u) << family.name;
    }
  }
  EXPECT_EQ(regions, std::set<std::string>{"0000_00_02.0_bar2_"});
}

TEST_F(MetricsRegistryTest, bandwidth_is_the_median_with_cell_and_run_labels) {
  const auto& family = FamilyNamed(families_, kBandwidth);
  EXPECT_EQ(family.metric.size(), 11u * 19);  // 11 region/attribute pairs, 19 streaming kernels
  const CellMetrics* cell = nullptr;
  for (const auto& c : run_.cells) {
    if (c.key.region == "dax0" && c.key.attribute == "device-ngnre" &&
        c.key.kernel == "stream_copy_simd")
      cell = &c;
  }
  ASSERT_NE(cell, nullptr);
  EXPECT_DOUBLE_EQ(ValueOf(family, {{"region", "dax0"},
                                    {"attribute", "device-ngnre"},
                                    {"kernel", "stream_copy_simd"},
                                    {"backing", "file"},
                                    {"threads", "1"},
                                    {"scenario", "default"},
                                    {"host", "vm"},
                                    {"accel", "tcg"},
                                    {"host_kernel", "6.18.44-fc-v1272"}}),
                   *cell->bytes_per_second);
}

TEST_F(MetricsRegistryTest, probe_outcome_is_one_for_the_observed_outcome_only) {
  const auto& family = FamilyNamed(families_, kProbeOutcome);
  EXPECT_EQ(family.metric.size(), run_.probes.size() * OutcomeKinds().size());
  const Series cell = {
      {"region", "dax0"}, {"attribute", "device-ngnre"}, {"probe", "unaligned_load_8"}};
  for (std::string_view outcome : OutcomeKinds()) {
    Series match = cell;
    match["outcome"] = outcome;
    EXPECT_EQ(ValueOf(family, match), outcome == "fault" ? 1 : 0) << outcome;
  }
}

TEST_F(MetricsRegistryTest, verdicts_carry_requested_inferred_and_expected) {
  EXPECT_EQ(ValueOf(FamilyNamed(families_, kRegionEffectiveType), {{"region", "cxl0"},
                                                                   {"attribute", "normal-wb"},
                                                                   {"inferred", "normal"},
                                                                   {"expected", "normal-wb"},
                                                                   {"verdict", "as-expected"},
                                                                   {"backing", "file"}}),
            1);
  const auto& verdict = FamilyNamed(families_, kRegionVerdict);
  EXPECT_EQ(ValueOf(verdict,
                    {{"region", "cxl0"}, {"attribute", "normal-wb"}, {"verdict", "as-expected"}}),
            1);
  EXPECT_EQ(
      ValueOf(verdict, {{"region", "cxl0"}, {"attribute", "normal-wb"}, {"verdict", "unsafe"}}), 0);
}

// The alerting run (tests/testdata/recorded/derive_alerting_run.py): its changed verdict is
// exported as written.
TEST(MetricsRegistryAlertingTest, changed_verdict_is_exported_as_unsafe) {
  auto run = LoadRunMetrics(MEMATTR_RECORDED_RESULTS "/tcg-default-alerting");
  ASSERT_TRUE(run) << run.error().message;
  const auto families = BuildRegistry(std::span(&*run, 1))->Collect();
  EXPECT_EQ(ValueOf(FamilyNamed(families, kRegionEffectiveType), {{"region", "cxl0"},
                                                                  {"attribute", "normal-wb"},
                                                                  {"inferred", "device"},
                                                                  {"verdict", "unsafe"}}),
            1);
  EXPECT_EQ(ValueOf(FamilyNamed(families, kProbeOutcome), {{"region", "bar0"},
                                                           {"attribute", "normal-nc"},
                                                           {"probe", "atomicity_contended"},
                                                           {"outcome", "wrong-data"}}),
            1);
}

TEST_F(MetricsRegistryTest, run_facts_duration_and_last_success) {
  EXPECT_EQ(ValueOf(FamilyNamed(families_, kRunInfo), {{"qemu_version", "10.0.2"},
                                                       {"cacheable_pfnmap", "unavailable"},
                                                       {"fwb", "unknown"},
                                                       {"arch", "aarch64"},
                                                       {"status", "ok"},
                                                       {"timings", "emulated (TCG)"}}),
            1);
  EXPECT_DOUBLE_EQ(ValueOf(FamilyNamed(families_, kRunDuration), {}), 19.601198926);
  EXPECT_DOUBLE_EQ(ValueOf(FamilyNamed(families_, kLastSuccess), {}), run_.facts.end_time_seconds);
  EXPECT_DOUBLE_EQ(ValueOf(FamilyNamed(families_, kRunFailedSteps), {}), 0);
}

TEST_F(MetricsRegistryTest, failed_run_has_no_last_success) {
  run_.facts.status = "failed";
  for (const auto& family : BuildRegistry(std::span(&run_, 1))->Collect()) {
    EXPECT_NE(family.name, kLastSuccess);  // prometheus-cpp leaves out families without series
  }
}

TEST_F(MetricsRegistryTest, two_host_kernels_stay_apart) {
  auto other = LoadRunMetrics(MEMATTR_RECORDED_RESULTS "/tcg-default-kernel-b");
  ASSERT_TRUE(other) << other.error().message;
  const RunMetrics runs[] = {run_, *other};
  const auto families = BuildRegistry(runs)->Collect();
  EXPECT_EQ(FamilyNamed(families, kBandwidth).metric.size(), 2u * 11 * 19);
  EXPECT_EQ(FamilyNamed(families, kRunDuration).metric.size(), 2u);
}

TEST_F(MetricsRegistryTest, exclusive_failures_are_a_counter_summed_over_repetitions) {
  const auto& family = FamilyNamed(families_, kStoreExclusiveFailures);
  EXPECT_EQ(family.type, prometheus::MetricType::Counter);
  for (const auto& cell : run_.cells) {
    if (!cell.store_exclusive_failures) continue;
    EXPECT_DOUBLE_EQ(ValueOf(family, {{"region", cell.key.region},
                                      {"attribute", cell.key.attribute},
                                      {"kernel", cell.key.kernel}}),
                     *cell.store_exclusive_failures);
  }
  EXPECT_EQ(family.metric.size(), 11u * 3);  // 3 exclusive kernels on 11 region/attribute pairs
}

}  // namespace
}  // namespace memattr::host_export
