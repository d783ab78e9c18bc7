#include "vm/qemu_capabilities.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace memattr::host {
namespace {

using ::testing::HasSubstr;

const char kQemu[] = "/usr/bin/qemu-system-aarch64";

TEST(QemuCapabilitiesTest, probes_the_real_binary_once) {
  const int before = QemuProbeCount();
  const Result<QemuCapabilities> caps = ProbeQemu(kQemu);
  ASSERT_TRUE(caps.ok()) << caps.error().message;
  EXPECT_TRUE(caps->machines.count("virt"));
  EXPECT_TRUE(caps->HasDevice("ivshmem-plain"));
  EXPECT_TRUE(caps->HasDevice("nvdimm"));
  EXPECT_TRUE(caps->HasDevice("virtio-serial-pci"));
  EXPECT_TRUE(caps->HasAccel("tcg"));
  EXPECT_GE(caps->version.major, 7);
  EXPECT_THAT(caps->version_line, HasSubstr("QEMU emulator version"));
  ASSERT_TRUE(ProbeQemu(kQemu).ok());
  EXPECT_EQ(QemuProbeCount(), before + 1) << "second call must come from the cache";
}

TEST(QemuCapabilitiesTest, cxl_type3_needs_10_1) {
  QemuCapabilities caps;
  caps.devices = {"cxl-type3"};
  caps.version = {10, 0, 2};
  ASSERT_TRUE(caps.CxlType3Unsupported().has_value());
  EXPECT_EQ(*caps.CxlType3Unsupported(),
            "cxl-type3 on arm virt needs QEMU >= 10.1 (virt,cxl=on); this is QEMU 10.0.2");
  caps.version = {10, 1, 0};
  EXPECT_FALSE(caps.CxlType3Unsupported().has_value());
}

TEST(QemuCapabilitiesTest, parses_help_texts) {
  EXPECT_EQ(ParseDeviceHelp("Controller/Bridge/Hub devices:\n"
                            "name \"ivshmem-plain\", bus PCI, desc \"Inter-VM shared memory\"\n"
                            "name \"nvdimm\", desc \"DIMM memory module\"\n"),
            (std::set<std::string>{"ivshmem-plain", "nvdimm"}));
  EXPECT_EQ(ParseAccelHelp("Accelerators supported in QEMU binary:\ntcg\nkvm\n"),
            (std::set<std::string>{"tcg", "kvm"}));
  EXPECT_EQ(ParseMachineHelp("Supported machines are:\nvirt                 QEMU 10.0 ARM Virtual "
                             "Machine (alias of virt-10.0)\nnone                 empty machine\n"),
            (std::set<std::string>{"virt", "none"}));
  const auto v = ParseQemuVersion("QEMU emulator version 10.0.2 (Debian 1:10.0.2+ds-2)\n");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->ToString(), "10.0.2");
  EXPECT_FALSE(ParseQemuVersion("not qemu").ok());
}

TEST(QemuCapabilitiesTest, missing_binary_is_an_error_naming_it) {
  const auto caps = ProbeQemu("/nonexistent/qemu-system-aarch64");
  ASSERT_FALSE(caps.ok());
  EXPECT_THAT(caps.error().message, HasSubstr("/nonexistent/qemu-system-aarch64"));
}

}  // namespace
}  // namespace memattr::host
