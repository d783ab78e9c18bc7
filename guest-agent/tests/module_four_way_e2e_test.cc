// End to end: boots the guest image under QEMU 10 TCG with an ivshmem-plain BAR, an NVDIMM and
// a CPU-less NUMA node; the init runs memattr-module-check (memattr_init.selftest=1), which maps
// ONE BAR four ways through /dev/memattr. Asserted from the serial console: an unaligned 8-byte
// load succeeds on Normal-WB and Normal-NC and raises SIGBUS (BUS_ADRALN) on Device-nGnRE and
// Device-nGnRnE; the module's refusals and a handed-over RAM buffer behave as documented.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "image/guest_image_builder.h"

namespace memattr::host {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using Clock = std::chrono::steady_clock;
constexpr auto kBootTimeout = std::chrono::seconds(300);

fs::path CacheDir() {
  const char* env = std::getenv("MEMATTR_IMAGE_CACHE");
  return env && *env ? fs::path(env) : DefaultImageCacheDir();
}

fs::path FindOnPath(const std::string& name) {
  std::istringstream dirs(std::getenv("PATH") ? std::getenv("PATH") : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (::access((fs::path(dir) / name).c_str(), X_OK) == 0) return fs::path(dir) / name;
  return {};
}

void MakeSparseFile(const fs::path& path, std::uintmax_t size) {
  std::ofstream(path, std::ios::trunc).close();
  fs::resize_file(path, size);
}

std::vector<std::string> QemuArgv(const fs::path& qemu, const GuestImage& image,
                                  const fs::path& work) {
  const std::uintmax_t nvdimm_size = 32u << 20 | 128u << 10;  // N x 16 MiB + 128 KiB labels
  MakeSparseFile(work / "ivshmem.img", 16u << 20);
  MakeSparseFile(work / "nvdimm.img", nvdimm_size);
  MakeSparseFile(work / "numa1.img", 256u << 20);
  return {
      qemu.string(),
      "-M",
      "virt,gic-version=3,nvdimm=on,iommu=smmuv3",
      "-cpu",
      "max,pauth-impdef=on",
      "-accel",
      "tcg",
      "-smp",
      "2",
      "-m",
      "1536M,slots=4,maxmem=4G",
      "-nic",
      "none",
      "-display",
      "none",
      "-monitor",
      "none",
      "-serial",
      "file:" + (work / "console.log").string(),
      "-bios",
      image.firmware.string(),
      "-kernel",
      image.kernel.string(),
      "-initrd",
      image.initrd.string(),
      "-append",
      "console=ttyAMA0 memattr_init.selftest=1",
      "-object",
      "memory-backend-ram,id=m0,size=1280M",
      "-object",
      "memory-backend-file,id=m1,share=on,mem-path=" + (work / "numa1.img").string() + ",size=256M",
      "-numa",
      "node,nodeid=0,cpus=0-1,memdev=m0",
      "-numa",
      "node,nodeid=1,memdev=m1",
      "-object",
      "memory-backend-file,id=shm0,share=on,mem-path=" + (work / "ivshmem.img").string() +
          ",size=16M",
      "-device",
      "ivshmem-plain,memdev=shm0",
      "-object",
      "memory-backend-file,id=nv0,share=on,mem-path=" + (work / "nvdimm.img").string() +
          ",size=" + std::to_string(nvdimm_size),
      "-device",
      "nvdimm,memdev=nv0,label-size=128K"};
}

// Runs QEMU until it exits or the timeout passes; never leaves it running.
struct BootResult {
  bool exited = false;
  int status = 0;
  double seconds = 0;
};
BootResult Boot(std::vector<std::string> argv) {
  std::vector<char*> c_argv;
  for (auto& a : argv) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execv(c_argv[0], c_argv.data());
    ::_exit(127);
  }
  BootResult result;
  while (pid > 0 && Clock::now() - start < kBootTimeout) {
    if (::waitpid(pid, &result.status, WNOHANG) == pid) {
      result.exited = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  if (pid > 0 && !result.exited) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &result.status, 0);
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(ModuleFourWayE2eTest, one_bar_four_ways_device_types_fault_on_unaligned_load) {
  const fs::path qemu = FindOnPath("qemu-system-aarch64");
  if (qemu.empty()) GTEST_SKIP() << "qemu-system-aarch64 not on PATH";
  const fs::path work = fs::path(MEMATTR_TEST_WORK_DIR);
  fs::create_directories(work);
  Result<GuestImage> image = BuildGuestImage({.cache_dir = CacheDir(),
                                              .output_dir = work / "image",
                                              .agent_binary = MEMATTR_TEST_AGENT,
                                              .extra_binaries = {MEMATTR_TEST_MODULE_CHECK}});
  ASSERT_TRUE(image) << image.error().message;

  const BootResult boot = Boot(QemuArgv(qemu, *image, work));
  const std::string console = ReadAll(work / "console.log");
  ASSERT_TRUE(boot.exited) << "guest did not power off within " << kBootTimeout.count()
                           << " s; console:\n"
                           << console;
  RecordProperty("guest_boot_to_poweroff_seconds", std::to_string(boot.seconds));
  std::printf("guest boot to poweroff: %.1f s (TCG)\n", boot.seconds);

  EXPECT_THAT(console, HasSubstr("memattr-init: module loaded: /dev/memattr"));
  EXPECT_THAT(console,
              HasSubstr("memattr-check: PASS four-way/normal-wb: unaligned 8-byte load: ok"));
  EXPECT_THAT(console,
              HasSubstr("memattr-check: PASS four-way/normal-nc: unaligned 8-byte load: ok"));
  EXPECT_THAT(
      console,
      HasSubstr(
          "memattr-check: PASS four-way/device-ngnre: unaligned 8-byte load: SIGBUS BUS_ADRALN"));
  EXPECT_THAT(
      console,
      HasSubstr(
          "memattr-check: PASS four-way/device-ngnrne: unaligned 8-byte load: SIGBUS BUS_ADRALN"));
  for (const char* refusal : {"mmap-before-claim", "unaligned", "overlap", "system-ram"})
    EXPECT_THAT(console, HasSubstr(std::string("memattr-check: PASS refuse/") + refusal));
  EXPECT_THAT(console, HasSubstr("memattr-check: PASS user-ram/device-ngnre"));
  EXPECT_THAT(console, HasSubstr("memattr-check: summary pass=14 fail=0"));
  EXPECT_THAT(console, HasSubstr("memattr-init: payload exit 0"));
  EXPECT_THAT(console, Not(HasSubstr("Kernel panic")));
}

}  // namespace
}  // namespace memattr::host
