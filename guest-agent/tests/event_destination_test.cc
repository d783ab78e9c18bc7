#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "discovery_test_support.h"
#include "events/guest_platform.h"
#include "memattr/protocol/event_channel.h"

namespace memattr::agent {
namespace {

using protocol::FindVirtioPort;
using protocol::OpenEventDestination;
using ::testing::HasSubstr;

TEST(EventDestinationTest, finds_virtio_port_by_name) {
  auto port = FindVirtioPort("memattr.events", testing::FakeSysfs(), "/dev");
  ASSERT_TRUE(port) << port.error().message;
  EXPECT_EQ(*port, "/dev/vport2p1");
}

TEST(EventDestinationTest, unknown_port_lists_the_ports_there) {
  auto port = FindVirtioPort("nope", testing::FakeSysfs(), "/dev");
  ASSERT_FALSE(port);
  EXPECT_THAT(port.error().message, HasSubstr("virtio port 'nope' not found"));
  EXPECT_THAT(port.error().message,
              HasSubstr("vport1p1=org.qemu.guest_agent.0, vport2p1=memattr.events"));
}

TEST(EventDestinationTest, output_flag_wins_over_the_manifest_port) {
  const std::string path = ::testing::TempDir() + "/events_out.jsonl";
  auto d = OpenEventDestination(
      {.output = path, .virtio_port = "memattr.events", .sysfs_root = testing::FakeSysfs()});
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_TRUE(d->owned);
  EXPECT_EQ(::write(d->fd, "x\n", 2), 2);
  ::close(d->fd);
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "x");
}

TEST(EventDestinationTest, defaults_to_stdout_and_opens_the_port_device) {
  auto out = OpenEventDestination({});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->fd, STDOUT_FILENO);
  EXPECT_FALSE(out->owned);
  // The port's device node sits under the dev root: a plain file stands in for /dev/vport2p1.
  const std::filesystem::path dev = std::filesystem::path(::testing::TempDir()) / "fake_dev";
  std::filesystem::create_directories(dev);
  std::ofstream(dev / "vport2p1").flush();
  auto port = OpenEventDestination(
      {.virtio_port = "memattr.events", .sysfs_root = testing::FakeSysfs(), .dev_root = dev});
  ASSERT_TRUE(port) << port.error().message;
  EXPECT_THAT(port->description, HasSubstr("virtio port memattr.events"));
  ::close(port->fd);
  auto missing = OpenEventDestination({.virtio_port = "memattr.events",
                                       .sysfs_root = testing::FakeSysfs(),
                                       .dev_root = "/nonexistent"});
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().message, HasSubstr("/nonexistent/vport2p1: open event output"));
}

TEST(GuestPlatformTest, guesses_accel_from_firmware_and_cpu_identity) {
  EXPECT_EQ(GuessAccel({.dt_compatible = "linux,dummy-virt", .cpu_implementer = "0x00"}).accel,
            "tcg");
  EXPECT_EQ(GuessAccel({.dt_compatible = "linux,dummy-virt", .cpu_implementer = "0x41"}).accel,
            "kvm");
  EXPECT_EQ(GuessAccel({.dmi_sys_vendor = "QEMU", .cpu_implementer = "0x00"}).accel, "tcg");
  EXPECT_EQ(GuessAccel({.dt_compatible = "linux,dummy-virt"}).accel, "unknown");
  EXPECT_EQ(GuessAccel({.dmi_sys_vendor = "Ampere", .cpu_implementer = "0xc0"}).accel,
            "bare-metal");
  EXPECT_EQ(GuessAccel({.x86_hypervisor_flag = true}).accel, "unknown");
  EXPECT_EQ(GuessAccel({}).accel, "unknown");
}

TEST(GuestPlatformTest, reads_strings_from_fake_trees) {
  const std::filesystem::path proc = std::filesystem::path(::testing::TempDir()) / "fake_proc";
  std::filesystem::create_directories(proc);
  std::ofstream(proc / "cpuinfo")
      << "processor\t: 0\nBogoMIPS\t: 125.00\nCPU implementer\t: 0x00\nCPU part\t: 0x051\n";
  const PlatformStrings s = ReadPlatformStrings(testing::FakeSysfs(), proc);
  EXPECT_EQ(s.dt_compatible, "linux,dummy-virt ");
  EXPECT_EQ(s.cpu_implementer, "0x00");
  EXPECT_EQ(GuessAccel(s).accel, "tcg");
}

}  // namespace
}  // namespace memattr::agent
