// Socket directories of runs that died (memattr-host SIGKILLed) are removed by the next run;
// those of live runs, and anything memattr did not mark as its own, are left alone.
#include "vm/socket_dir.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

namespace memattr::host {
namespace {

namespace fs = std::filesystem;

class SocketDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    temp_ = fs::temp_directory_path() / ("memattr-socketdir-test-" + std::to_string(::getpid()));
    fs::remove_all(temp_);
    fs::create_directories(temp_);
    const char* old = ::getenv("TMPDIR");
    old_tmpdir_ = old ? old : "";
    ::setenv("TMPDIR", temp_.c_str(), 1);
  }
  void TearDown() override {
    if (old_tmpdir_.empty())
      ::unsetenv("TMPDIR");
    else
      ::setenv("TMPDIR", old_tmpdir_.c_str(), 1);
    fs::remove_all(temp_);
  }
  // A child process creates a SocketDir and is SIGKILLed holding it; returns its path.
  fs::path DirOfAKilledRun() {
    int out[2];
    EXPECT_EQ(::pipe(out), 0);
    const pid_t child = ::fork();
    if (child == 0) {
      Result<SocketDir> dir = SocketDir::Create();
      const std::string path = dir ? dir->path().string() + "\n" : "\n";
      if (::write(out[1], path.data(), path.size()) < 0) _exit(1);
      ::pause();
      _exit(0);
    }
    ::close(out[1]);
    std::string path;
    char c;
    while (::read(out[0], &c, 1) == 1 && c != '\n') path += c;
    ::close(out[0]);
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
    return path;
  }
  fs::path temp_;
  std::string old_tmpdir_;
};

TEST_F(SocketDirTest, the_directory_of_a_killed_run_is_removed_by_the_next_run) {
  const fs::path stale = DirOfAKilledRun();
  ASSERT_FALSE(stale.empty());
  ASSERT_TRUE(fs::exists(stale)) << "SIGKILL leaves it behind";
  Result<SocketDir> next = SocketDir::Create();
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_FALSE(fs::exists(stale)) << stale << " of the killed run is still there";
  EXPECT_TRUE(fs::exists(next->path()));
  EXPECT_EQ(next->path().parent_path(), temp_);
}

TEST_F(SocketDirTest, the_directory_of_a_live_run_is_kept) {
  Result<SocketDir> live = SocketDir::Create();
  ASSERT_TRUE(live) << live.error().message;
  std::ofstream(live->Socket("events-1")) << "";
  EXPECT_THAT(RemoveStaleSocketDirs(temp_), ::testing::IsEmpty());
  Result<SocketDir> second = SocketDir::Create();
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_TRUE(fs::exists(live->Socket("events-1"))) << "a live run's socket was removed";
}

TEST_F(SocketDirTest, directories_memattr_did_not_mark_as_its_own_are_kept) {
  const fs::path stale = DirOfAKilledRun();  // marked, lock free: the only one to go
  const fs::path unmarked = temp_ / "memattr-sockets-unmarked";
  fs::create_directories(unmarked);
  const fs::path other_prefix = temp_ / "other-sockets-abc";
  fs::create_directories(other_prefix);
  std::ofstream(other_prefix / "owner.pid") << "1\n";
  const fs::path marked_elsewhere = temp_ / "elsewhere";
  fs::create_directories(marked_elsewhere);
  std::ofstream(marked_elsewhere / "owner.pid") << "1\n";
  fs::create_directory_symlink(marked_elsewhere, temp_ / "memattr-sockets-link");

  EXPECT_THAT(RemoveStaleSocketDirs(temp_), ::testing::ElementsAre(stale));
  EXPECT_TRUE(fs::exists(unmarked));
  EXPECT_TRUE(fs::exists(other_prefix / "owner.pid"));
  EXPECT_TRUE(fs::exists(marked_elsewhere / "owner.pid")) << "followed a symlink";
}

}  // namespace
}  // namespace memattr::host
