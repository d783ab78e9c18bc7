// What the guest can tell about where it runs: TCG, KVM, bare metal or unknown, from firmware
// strings (device tree, DMI) and the CPU's identity (/proc/cpuinfo). QEMU's TCG "max" CPU has
// MIDR implementer 0x00 (software use); KVM with -cpu host shows the real implementer.
//   AccelGuess g = GuessAccel(ReadPlatformStrings("/sys", "/proc"));
#pragma once

#include <filesystem>
#include <string>

namespace memattr::agent {

struct PlatformStrings {
  std::string dt_compatible;         // <sysfs>/firmware/devicetree/base/compatible (NULs -> ' ')
  std::string dmi_sys_vendor;        // <sysfs>/class/dmi/id/sys_vendor
  std::string dmi_product_name;      // <sysfs>/class/dmi/id/product_name
  std::string cpu_implementer;       // /proc/cpuinfo "CPU implementer" (arm64), e.g. "0x41"
  bool x86_hypervisor_flag = false;  // /proc/cpuinfo flags contain "hypervisor"
};

struct AccelGuess {
  std::string accel;     // "tcg", "kvm", "bare-metal", "unknown"
  std::string evidence;  // what it rests on
};

PlatformStrings ReadPlatformStrings(const std::filesystem::path& sysfs_root,
                                    const std::filesystem::path& proc_root);
AccelGuess GuessAccel(const PlatformStrings& strings);

}  // namespace memattr::agent
