// End to end: boots the guest image under QEMU 10 TCG with an ivshmem-plain BAR, an NVDIMM and
// a CPU-less NUMA node; the init runs memattr-module-check (memattr_init.selftest=1), which maps
// ONE BAR four ways through /dev/memattr. Asserted from the serial console: an unaligned 8-byte
// load succeeds on Normal-WB and Normal-NC and raises SIGBUS (BUS_ADRALN) on Device-nGnRE and
// Device-nGnRnE; the module's refusals (those of /dev/mem: no CAP_SYS_RAWIO, a range a driver
// holds unless it is the device under test, kernel lockdown raised to integrity at the end) and
// a handed-over RAM buffer behave as documented.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

#include "image/guest_image_builder.h"
#include "image_guest_boot.h"

namespace memattr::host {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ModuleFourWayE2eTest, one_bar_four_ways_device_types_fault_on_unaligned_load) {
  const fs::path qemu = testing::FindQemu();
  if (qemu.empty()) GTEST_SKIP() << "qemu-system-aarch64 not on PATH";
  const fs::path work = fs::path(MEMATTR_TEST_WORK_DIR);
  Result<GuestImage> image = BuildGuestImage(testing::TestGuestImageOptions());
  ASSERT_TRUE(image) << image.error().message;

  const testing::GuestBoot boot = testing::BootGuest(
      qemu, *image, {.work_dir = work / "guest", .append = "memattr_init.selftest=1"});
  const std::string& console = boot.console;
  ASSERT_TRUE(boot.powered_off) << "guest did not power off in time; console:\n" << console;
  RecordProperty("guest_boot_to_poweroff_seconds", std::to_string(boot.seconds));
  std::printf("guest boot to poweroff: %.1f s (TCG)\n", boot.seconds);

  EXPECT_THAT(console, HasSubstr("memattr-init: module loaded: /dev/memattr"));
  EXPECT_THAT(console, HasSubstr("PASS four-way/normal-wb: unaligned 8-byte load: ok"));
  EXPECT_THAT(console, HasSubstr("PASS four-way/normal-nc: unaligned 8-byte load: ok"));
  EXPECT_THAT(console,
              HasSubstr("PASS four-way/device-ngnre: unaligned 8-byte load: SIGBUS BUS_ADRALN"));
  EXPECT_THAT(console,
              HasSubstr("PASS four-way/device-ngnrne: unaligned 8-byte load: SIGBUS BUS_ADRALN"));
  for (const char* refusal : {"mmap-before-claim", "unaligned", "overlap", "system-ram",
                              "no-cap-sys-rawio", "driver-owned", "lockdown"})
    EXPECT_THAT(console, HasSubstr(std::string("memattr-check: PASS refuse/") + refusal));
  EXPECT_THAT(console, HasSubstr("memattr-check: PASS user-ram/device-ngnre"));
  EXPECT_THAT(console, HasSubstr("memattr-check: PASS accept/device-under-test"));
  EXPECT_THAT(console, HasSubstr("memattr-check: summary pass=18 fail=0"));
  EXPECT_THAT(console, HasSubstr("memattr-init: payload exit 0"));
  EXPECT_THAT(console, Not(HasSubstr("Kernel panic")));
}

}  // namespace
}  // namespace memattr::host
