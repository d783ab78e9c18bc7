#include "host/host_facts.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <fstream>

namespace memattr::host {
namespace {

using ::testing::HasSubstr;

TEST(HostFactsTest, cap_243_unavailable_without_kvm_names_the_device) {
  EXPECT_EQ(QueryCacheablePfnmapCap("/nonexistent/kvm"), "unavailable: no /nonexistent/kvm");
  const std::string cap = CollectHostFacts().cacheable_pfnmap_cap;
  if (::access("/dev/kvm", F_OK) != 0)
    EXPECT_EQ(cap, "unavailable: no /dev/kvm");
  else
    EXPECT_TRUE(cap == "0" || cap == "1" || cap.rfind("unavailable: ", 0) == 0) << cap;
}

TEST(HostFactsTest, records_kernel_and_cpu_features) {
  const HostFacts f = CollectHostFacts();
  EXPECT_FALSE(f.kernel_release.empty());
  EXPECT_FALSE(f.arch.empty());
  EXPECT_NE(f.cpu_features, "unknown");
}

TEST(HostFactsTest, parses_vmflags_of_named_mappings) {
  const std::string smaps =
      "7f0000000000-7f0004000000 rw-s 00000000 00:2a 1234                       /r/dax0.img\n"
      "Size:              65536 kB\n"
      "VmFlags: rd wr sh mr mw me ms sd \n"
      "7f1000000000-7f1000001000 r--p 00000000 00:2a 99                         /lib/x.so\n"
      "VmFlags: rd mr mw me \n";
  const auto flags = ParseSmapsVmFlags(smaps, {"/r/dax0.img", "/r/missing.img"});
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags.at("/r/dax0.img"), "rd wr sh mr mw me ms sd");
}

TEST(HostFactsTest, reads_vmflags_of_a_real_shared_file_mapping) {
  const std::string path = "/tmp/memattr-smaps-" + std::to_string(::getpid());
  std::ofstream(path) << std::string(8192, 'x');
  const int fd = ::open(path.c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  void* p = ::mmap(nullptr, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ASSERT_NE(p, MAP_FAILED);
  const auto flags = ReadBackingVmFlags(::getpid(), {path});
  ::munmap(p, 8192);
  ::close(fd);
  ::unlink(path.c_str());
  ASSERT_EQ(flags.count(path), 1u);
  EXPECT_THAT(flags.at(path), HasSubstr("sh"));
}

}  // namespace
}  // namespace memattr::host
