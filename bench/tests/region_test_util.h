// Helpers for the region, fault-isolation and probe tests: a scratch directory that is
// removed afterwards, files of a given size in it, and a private copy of the fake sysfs tree.
//   ScratchDir dir;
//   auto file = dir.MakeFile("data", 2 * 4096);
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace memattr::testing {

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "memattr-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) ? pattern : "";
    EXPECT_FALSE(path_.empty()) << "mkdtemp failed";
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

  // A file of `bytes` zero bytes (sparse).
  std::filesystem::path MakeFile(const std::string& name, std::size_t bytes) const {
    const auto file = path_ / name;
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    EXPECT_GE(fd, 0) << file;
    EXPECT_EQ(::ftruncate(fd, static_cast<off_t>(bytes)), 0) << file;
    ::close(fd);
    return file;
  }

  // A private copy of bench/tests/testdata/sysfs (symlinks kept), so mappings never write
  // into the repository.
  std::filesystem::path CopyFakeSysfs() const {
    const auto root = path_ / "sysfs";
    std::filesystem::copy(
        MEMATTR_TESTDATA_DIR "/sysfs", root,
        std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
    return root;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace memattr::testing
