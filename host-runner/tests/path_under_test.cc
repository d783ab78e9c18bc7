// Issue 16 class 1: names that become paths follow one rule, and every path memattr-host builds
// from a name stays under its root (results/path_under.h).
#include "results/path_under.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "results/results_dir.h"

namespace memattr::host {
namespace {

using ::testing::HasSubstr;

TEST(PathUnderTest, safe_names_follow_the_documented_rule) {
  for (const char* ok : {"dax0", "default", "nested-ab", "a.b_c-d", "X"})
    EXPECT_TRUE(IsSafeName(ok)) << ok;
  for (const char* bad :
       {"", "..", ".", "../x", "/abs", "a/b", "0dax", "-x", "_x", "my region", "a,b", "a\nb", "ré"})
    EXPECT_FALSE(IsSafeName(bad)) << bad;
  EXPECT_TRUE(IsSafeName(std::string(64, 'a')));
  EXPECT_FALSE(IsSafeName(std::string(65, 'a')));
}

TEST(PathUnderTest, joins_one_safe_component_under_the_root) {
  EXPECT_EQ(*PathUnder("/results/run", "dax0.img"), "/results/run/dax0.img");
  EXPECT_EQ(*PathUnder("/results/run/", "host-6.12"), "/results/run/host-6.12");
  EXPECT_EQ(*PathUnder("results", "default-20261204T120000Z"), "results/default-20261204T120000Z");
}

TEST(PathUnderTest, anything_that_could_leave_the_root_is_an_error_naming_both) {
  for (const char* bad : {"../x.img", "/etc/passwd", "a/../../b", "..", ".", "", "sub/dir.img"}) {
    const Result<std::filesystem::path> p = PathUnder("/results/run", bad);
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_THAT(p.error().message, HasSubstr("under /results/run")) << bad;
  }
}

TEST(PathUnderTest, default_results_directory_refuses_an_unsafe_scenario_name) {
  const Result<std::filesystem::path> ok = DefaultResultsDir("default");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->parent_path(), "results");
  EXPECT_THAT(ok->filename().string(), ::testing::StartsWith("default-"));
  EXPECT_FALSE(DefaultResultsDir("../../x").ok());
  EXPECT_FALSE(DefaultResultsDir("/abs").ok());
}

}  // namespace
}  // namespace memattr::host
