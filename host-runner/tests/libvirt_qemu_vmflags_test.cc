// VmFlags of a libvirt domain's QEMU: its pid file in libvirt's run directory, then smaps.
#include "libvirt/libvirt_qemu_vmflags.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace memattr::host {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(LibvirtQemuVmFlagsTest, pid_files_are_where_each_daemon_keeps_them) {
  EXPECT_THAT(QemuPidFileCandidates("qemu:///system", "d1", "/run/user/0"),
              ElementsAre("/run/libvirt/qemu/d1.pid"));
  EXPECT_THAT(QemuPidFileCandidates("qemu:///session", "d1", "/run/user/1000"),
              ElementsAre("/run/user/1000/libvirt/qemu/run/d1.pid"));
  EXPECT_THAT(QemuPidFileCandidates("qemu:///system?socket=/w/run/libvirt-sock", "d1", ""),
              ElementsAre("/w/run/qemu/d1.pid", "/w/run/qemu/run/d1.pid"));
  EXPECT_THAT(QemuPidFileCandidates("qemu+ssh://u@h:22/system?keyfile=/k", "d1", ""),
              ElementsAre("/run/libvirt/qemu/d1.pid"));
}

class LibvirtQemuVmFlagsLocalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("memattr-vmflags-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "run/qemu");
    uri_ = "qemu:///system?socket=" + (dir_ / "run/libvirt-sock").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string uri_;
};

// This process stands in for QEMU: its pid in the pid file, a shared file mapping as guest memory.
TEST_F(LibvirtQemuVmFlagsLocalTest, flags_of_the_mapping_are_read_through_the_domains_pid_file) {
  const fs::path backing = dir_ / "dax0.img";
  std::ofstream(backing) << std::string(4096, 'x');
  std::ofstream(dir_ / "run/qemu/dom-1.pid") << ::getpid();
  const int fd = ::open(backing.c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  void* map = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ::close(fd);
  ASSERT_NE(map, MAP_FAILED);
  const auto flags = ReadLibvirtQemuVmFlags(uri_, "dom-1", {backing.string()});
  ::munmap(map, 4096);
  ASSERT_EQ(flags.count(backing.string()), 1u) << (flags.empty() ? "" : flags.begin()->second);
  EXPECT_THAT(flags.at(backing.string()), HasSubstr("sh"));
}

TEST_F(LibvirtQemuVmFlagsLocalTest,
       a_missing_pid_file_is_recorded_as_unavailable_with_where_it_looked) {
  const auto flags = ReadLibvirtQemuVmFlags(uri_, "gone", {"/x.img"});
  ASSERT_EQ(flags.count("error"), 1u);
  EXPECT_THAT(flags.at("error"), HasSubstr("unavailable: no pid file of QEMU for domain gone"));
  EXPECT_THAT(flags.at("error"), HasSubstr((dir_ / "run/qemu/gone.pid").string()));
}

TEST(LibvirtQemuVmFlagsTest, a_remote_host_without_ssh_is_unavailable) {
  const auto flags = ReadLibvirtQemuVmFlags("qemu+tls://h/system", "d", {"/x.img"});
  EXPECT_THAT(flags.at("error"), HasSubstr("unavailable: qemu+tls://h/system names another host"));
}

}  // namespace
}  // namespace memattr::host
