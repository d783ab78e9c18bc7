// End to end (label nested): builds the emulated KVM host image (role host) for each L1 kernel
// series and boots it under TCG with EL2 and an NVDIMM; its init (host_init.sh) in selftest mode
// must find /dev/kvm, make /dev/dax0.0, publish its ivshmem BAR as /dev/memattr-wb (the memattr
// module, built for each series), run the arm64 QEMU and memattr-host, see the guest image
// and exit 0. Needs the arm64 memattr-host (aarch64 preset) and the guest image; skips without.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

#include "image/guest_image_builder.h"
#include "image_guest_boot.h"

namespace memattr::host {
namespace {

namespace fs = std::filesystem;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kInitPrefix[] = "memattr-host-init: ";

class HostImageBootTest : public ::testing::TestWithParam<const char*> {};

TEST_P(HostImageBootTest, selftest_finds_kvm_devdax_pfnmap_qemu_memattr_host_and_guest_image) {
  const std::string series = GetParam();
  const fs::path qemu = testing::FindQemu();
  if (qemu.empty()) GTEST_SKIP() << "qemu-system-aarch64 not on PATH";
  if (!fs::is_regular_file(MEMATTR_NESTED_HOST_BINARY))
    GTEST_SKIP() << MEMATTR_NESTED_HOST_BINARY
                 << ": no arm64 memattr-host (build the aarch64 preset)";
  if (!fs::is_regular_file(fs::path(MEMATTR_NESTED_GUEST_IMAGE) / "image.env"))
    GTEST_SKIP() << MEMATTR_NESTED_GUEST_IMAGE << ": no guest image (memattr-host image build)";
  const fs::path work = fs::path(MEMATTR_TEST_WORK_DIR) / series;
  Result<GuestImage> image = BuildGuestImage(
      {.cache_dir = testing::TestImageCacheDir(),
       // the fixture memattr_host_images: up to date
       .output_dir = fs::path(MEMATTR_NESTED_HOST_IMAGES) / ("host-image-" + series),
       .role = ImageRole::kHost,
       .kernel_series = series,
       .guest_image_dir = MEMATTR_NESTED_GUEST_IMAGE,
       .host_binary = MEMATTR_NESTED_HOST_BINARY});
  ASSERT_TRUE(image) << image.error().message;
  ASSERT_EQ(image->role, ImageRole::kHost);
  EXPECT_THAT(image->kernel_release, ::testing::StartsWith(series + "."));

  const testing::GuestBoot boot =
      testing::BootGuest(qemu, *image,
                         {.work_dir = work / "boot",
                          .append = "panic=-1 memattr_init.selftest=1",
                          .timeout = std::chrono::seconds(420),
                          .machine = testing::BootMachine::kKvmHost,
                          .marker = std::string(kInitPrefix) + "selftest"});
  ASSERT_TRUE(boot.powered_off) << "L1 did not power off in time; console:\n" << boot.console;
  std::printf("L1 %s: initramfs %.1f MiB, boot to the selftest %.1f s, to poweroff %.1f s (TCG)\n",
              image->kernel_release.c_str(), fs::file_size(image->initrd) / 1048576.0,
              boot.marker_seconds, boot.seconds);
  const std::string p = kInitPrefix;
  EXPECT_THAT(boot.console, HasSubstr(p + "kernel " + image->kernel_release));
  EXPECT_THAT(boot.console, Not(HasSubstr(p + "modprobe")));  // every listed module loaded
  EXPECT_THAT(boot.console, ContainsRegex(p + "kvm: [^\n]*(VHE|Hyp)"));
  EXPECT_THAT(boot.console, HasSubstr(p + "selftest /dev/kvm ok"));
  EXPECT_THAT(boot.console, HasSubstr(p + "selftest /dev/dax0.0 ok"));
  EXPECT_THAT(
      boot.console,
      ContainsRegex(p + "pfnmap: [^\n]* BAR2 0x[0-9a-f]+,0x1000000 published as /dev/memattr-wb"));
  EXPECT_THAT(boot.console, HasSubstr(p + "selftest /dev/memattr-wb ok"));
  EXPECT_THAT(boot.console, ContainsRegex(p + "selftest qemu QEMU emulator version 10\\."));
  EXPECT_THAT(boot.console, ContainsRegex(p + "selftest memattr-host memattr-host: "));
  EXPECT_THAT(boot.console,
              HasSubstr(p + "selftest guest image KERNEL_RELEASE=" + image->guest_kernel_release));
  EXPECT_THAT(boot.console, Not(ContainsRegex(p + "selftest [^\n]*(missing|failed|no guest)")));
  EXPECT_THAT(boot.console, HasSubstr(p + "payload exit 0"));
}

INSTANTIATE_TEST_SUITE_P(KernelSeries, HostImageBootTest, ::testing::Values("6.12", "7"),
                         [](const auto& info) {
                           return std::string(info.param) == "7" ? "linux_7" : "linux_6_12";
                         });

}  // namespace
}  // namespace memattr::host
