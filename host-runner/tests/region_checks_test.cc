// Issue 16 class 11 (host side): a region `path` is mapped shared into the guest, which writes
// to it. What holds no memory is refused with what it is; an existing file only with
// `overwrite: true`; a missing file is never created outside the results directory.
#include "backing/region_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

namespace memattr::host {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// One directory per test: ctest runs the cases of this file in parallel.
fs::path Scratch() {
  const fs::path dir = fs::path(::testing::TempDir()) /
                       ::testing::UnitTest::GetInstance()->current_test_info()->name();
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

Result<Scenario> WithPath(const fs::path& path, bool overwrite = false) {
  return ParseScenarioText("name: p\nregions:\n  - {kind: emulated-bar, size: 1MiB, path: '" +
                               path.string() + "'" + (overwrite ? ", overwrite: true" : "") + "}\n",
                           "/s/p.yaml");
}

std::string Problem(const fs::path& path, bool overwrite = false) {
  const Result<Scenario> s = WithPath(path, overwrite);
  EXPECT_TRUE(s.ok()) << s.error().message;
  const Status status = CheckRegionPaths(*s);
  return status ? "" : status.error().message;
}

TEST(RegionChecksTest, paths_that_hold_no_memory_are_refused_with_what_they_are) {
  const fs::path dir = Scratch();
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  EXPECT_EQ(Problem(dir / "fifo"), "/s/p.yaml:3: regions[0].path: " + (dir / "fifo").string() +
                                       " is a FIFO: it holds no memory to measure");
  EXPECT_THAT(Problem(dir), HasSubstr("is a directory"));
  EXPECT_EQ(Problem("/dev/zero"), "");  // a character device is the device under test
}

TEST(RegionChecksTest, an_existing_file_is_used_only_when_it_may_be_overwritten) {
  const fs::path file = Scratch() / "precious.img";
  std::ofstream(file) << "keep";
  EXPECT_THAT(Problem(file), HasSubstr("contents would be overwritten (set `overwrite: true`"));
  EXPECT_EQ(Problem(file, true), "");
}

TEST(RegionChecksTest, a_missing_file_is_not_created_but_a_missing_device_is_a_skip) {
  const fs::path missing = Scratch() / "nowhere.img";
  EXPECT_THAT(Problem(missing), HasSubstr("does not exist; memattr creates files only in the "
                                          "results directory"));
  EXPECT_FALSE(fs::exists(missing));
  EXPECT_EQ(Problem("/dev/dax97.0"), "");  // SelectRegions skips it, with its reason
}

}  // namespace
}  // namespace memattr::host
