#include "memattr/protocol/metric_names.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <prometheus/check_names.h>

#include <algorithm>
#include <string>

#include "metrics_registry.h"
#include "run_metrics.h"

namespace memattr::host_export {
using namespace protocol::metric_names;  // NOLINT: the names are this file's vocabulary
namespace {

// Base-unit suffixes a name may end in, and the unitless names (counts, 0/1 state sets).
constexpr std::string_view kUnitSuffixes[] = {"_bytes_per_second",
                                              "_operations_per_second",
                                              "_seconds",
                                              "_total",
                                              "_info",
                                              "_bytes",
                                              "_ratio"};
constexpr std::string_view kUnitless[] = {kProbeOutcome, kRegionVerdict, kRunFailedSteps};

bool HasUnitSuffix(std::string_view name) {
  return std::any_of(std::begin(kUnitSuffixes), std::end(kUnitSuffixes),
                     [&](std::string_view suffix) { return name.ends_with(suffix); });
}

TEST(MetricNamesTest, every_name_passes_prometheus_cpp_checks) {
  for (std::string_view name : kAllMetricNames) {
    EXPECT_TRUE(prometheus::CheckMetricName(std::string(name))) << name;
    EXPECT_TRUE(name.starts_with("memattr_")) << name;
  }
}

TEST(MetricNamesTest, every_name_has_a_base_unit_or_is_listed_unitless) {
  for (std::string_view name : kAllMetricNames) {
    const bool unitless =
        std::find(std::begin(kUnitless), std::end(kUnitless), name) != std::end(kUnitless);
    EXPECT_NE(HasUnitSuffix(name), unitless) << name;
    EXPECT_FALSE(name.find("milli") != std::string_view::npos ||
                 name.find("_ns") != std::string_view::npos ||
                 name.find("_percent") != std::string_view::npos)
        << name << ": not a base unit";
  }
}

TEST(MetricNamesTest, every_name_is_unique_and_has_help) {
  for (std::size_t i = 0; i < kAllMetricNames.size(); ++i) {
    EXPECT_FALSE(HelpFor(kAllMetricNames[i]).empty()) << kAllMetricNames[i];
    for (std::size_t j = i + 1; j < kAllMetricNames.size(); ++j) {
      EXPECT_NE(kAllMetricNames[i], kAllMetricNames[j]);
    }
  }
}

TEST(MetricNamesTest, every_label_passes_prometheus_cpp_checks_and_is_bounded) {
  for (std::string_view label : kAllLabelNames) {
    EXPECT_TRUE(prometheus::CheckLabelName(std::string(label))) << label;
    EXPECT_THAT(kForbiddenLabelNames, testing::Not(testing::Contains(label)));
  }
}

TEST(MetricNamesTest, registry_from_fixture_uses_only_declared_names_and_labels) {
  auto run = LoadRunMetrics(MEMATTR_RECORDED_RESULTS "/tcg-default");
  ASSERT_TRUE(run) << run.error().message;
  const auto families = BuildRegistry(std::span(&*run, 1))->Collect();
  ASSERT_EQ(families.size(), kAllMetricNames.size());
  for (const auto& family : families) {
    EXPECT_THAT(kAllMetricNames, testing::Contains(family.name));
    for (const auto& metric : family.metric) {
      for (const auto& label : metric.label) {
        if (run->facts.labels.count(label.name) > 0) continue;  // the scenario's own labels
        EXPECT_THAT(kAllLabelNames, testing::Contains(label.name)) << family.name;
      }
    }
  }
}

}  // namespace
}  // namespace memattr::host_export
