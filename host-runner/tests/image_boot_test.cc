// End to end: the image's init runs the agent with the manifest QEMU passes through fw_cfg,
// after loading the NVDIMM/DAX and VFIO modules, and powers the guest off.
// The agent here is MEMATTR_TEST_AGENT (the real memattr-agent if configured, else a stand-in
// that echoes its arguments and the manifest's first line).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "image/guest_image_builder.h"
#include "image_guest_boot.h"

namespace memattr::host {
namespace {

namespace fs = std::filesystem;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ImageBootTest, init_runs_agent_with_fw_cfg_manifest_and_powers_off) {
  const fs::path qemu = testing::FindQemu();
  if (qemu.empty()) GTEST_SKIP() << "qemu-system-aarch64 not on PATH";
  if (fs::path(MEMATTR_TEST_AGENT).filename() != "memattr-agent-standin")
    GTEST_SKIP() << "a real agent is configured: the scenario e2e tests cover it";
  const fs::path work = fs::path(MEMATTR_TEST_WORK_DIR);
  Result<GuestImage> image = BuildGuestImage(testing::TestGuestImageOptions());
  ASSERT_TRUE(image) << image.error().message;
  fs::create_directories(work / "guest");
  const fs::path manifest = work / "guest" / "manifest.json";
  std::ofstream(manifest) << "{\"schema\": 1, \"scenario\": \"image-boot-test\"}\n";

  const testing::GuestBoot boot = testing::BootGuest(
      qemu, *image,
      {.work_dir = work / "guest",
       .extra_args = {"-fw_cfg", "name=opt/memattr/manifest,file=" + manifest.string()}});
  ASSERT_TRUE(boot.powered_off) << "guest did not power off in time; console:\n" << boot.console;
  std::printf("guest boot to poweroff: %.1f s (TCG)\n", boot.seconds);
  EXPECT_THAT(boot.console, HasSubstr("memattr-init: kernel " + image->kernel_release));
  EXPECT_THAT(boot.console, Not(HasSubstr("memattr-init: modprobe")));  // all modules loaded
  EXPECT_THAT(boot.console, HasSubstr("memattr-init: module loaded: /dev/memattr"));
  EXPECT_THAT(boot.console, ContainsRegex("memattr-init: devices: [^\n]*pmem0"));
  EXPECT_THAT(boot.console, HasSubstr("memattr-init: numa nodes: node0 node1"));
  EXPECT_THAT(boot.console,
              HasSubstr("memattr-agent-standin: ran with --manifest "
                        "/sys/firmware/qemu_fw_cfg/by_name/opt/memattr/manifest/raw"));
  EXPECT_THAT(boot.console, HasSubstr("\"scenario\": \"image-boot-test\""));
  EXPECT_THAT(boot.console, HasSubstr("memattr-init: payload exit 0"));
}

}  // namespace
}  // namespace memattr::host
