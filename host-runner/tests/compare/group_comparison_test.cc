// Issue 18: `compare FLEETDIR --group-by LABEL`: a fleet's hosts split by a label, each group's
// repetitions pooled, disagreements within a group shown as "mixed".
#include "group_comparison.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace memattr::compare {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;

json Results(const std::string& host, const std::string& line, std::vector<double> times,
             const std::string& verdict) {
  json benchmarks = json::array();
  for (double t : times)
    benchmarks.push_back({{"name", "stream_read/region:bar0/attr:normal-wb"},
                          {"run_name", "stream_read/region:bar0/attr:normal-wb"},
                          {"run_type", "iteration"},
                          {"real_time", t},
                          {"cpu_time", t},
                          {"time_unit", "ns"},
                          {"iterations", 100}});
  return {{"context",
           {{"memattr.scenario", "default"},
            {"memattr.fleet_host", host},
            {"memattr.arch", "aarch64"},
            {"memattr.accel", "kvm"}}},
          {"benchmarks", benchmarks},
          {"memattr",
           {{"labels", {{"kernel_line", line}}},
            {"verdicts",
             {{{"region", "bar0"},
               {"attribute", "normal-wb"},
               {"verdict", verdict},
               {"inferred", "normal-wb"}}}}}}};
}

class GroupComparisonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("memattr-groups-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Host(const std::string& host, const json& results) {
    fs::create_directories(dir_ / host / "default");
    std::ofstream(dir_ / host / "default" / "results.json") << results.dump();
  }
  fs::path dir_;
};

TEST_F(GroupComparisonTest, pools_each_groups_repetitions_and_marks_disagreement) {
  Host("a1", Results("a1", "a", {10, 11, 12}, "as-expected"));
  Host("a2", Results("a2", "a", {10.5, 11.5}, "degraded"));
  Host("b1", Results("b1", "b", {20, 21, 22}, "as-expected"));
  Result<LabelGroups> groups = GroupFleetRuns(dir_, "kernel_line", "");
  ASSERT_TRUE(groups) << groups.error().message;
  EXPECT_EQ(groups->value_a, "a");
  EXPECT_EQ(groups->runs_a.size(), 2u);
  EXPECT_EQ(groups->runs_b.size(), 1u);
  const RunResults a = MergeGroup(groups->runs_a, "a");
  const RunResults b = MergeGroup(groups->runs_b, "b");
  EXPECT_EQ(a.results["benchmarks"].size(), 5u);
  EXPECT_EQ(a.results["memattr"]["verdicts"][0]["verdict"], "mixed: as-expected | degraded");
  EXPECT_EQ(a.results["context"]["memattr.fleet_host"], "mixed: a1 | a2");
  const RunComparison c = CompareRuns(a, b, {});
  ASSERT_EQ(c.benchmarks.size(), 1u);
  EXPECT_EQ(c.benchmarks[0].repetitions_a, 5u);
  EXPECT_EQ(c.benchmarks[0].repetitions_b, 3u);
  ASSERT_TRUE(c.benchmarks[0].p_value.has_value());
  ASSERT_EQ(c.verdicts.size(), 1u);  // the group's mixed verdict against b's as-expected
}

TEST_F(GroupComparisonTest, a_label_without_two_values_is_refused_naming_them) {
  Host("a1", Results("a1", "a", {1, 2}, "as-expected"));
  Host("b1", Results("b1", "b", {1, 2}, "as-expected"));
  Host("c1", Results("c1", "c", {1, 2}, "as-expected"));
  Result<LabelGroups> groups = GroupFleetRuns(dir_, "kernel_line", "");
  ASSERT_FALSE(groups);
  EXPECT_THAT(groups.error().message, HasSubstr("found 3 (a, b, c)"));
  EXPECT_THAT(GroupFleetRuns(dir_, "rack", "").error().message, HasSubstr("no label 'rack'"));
}

}  // namespace
}  // namespace memattr::compare
