#include "events/guest_platform.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "discovery/sysfs_reader.h"

namespace memattr::agent {
namespace {

std::string ReadOrEmpty(const std::filesystem::path& path) {
  auto text = ReadSysfsText(path);
  if (!text) return "";
  std::replace(text->begin(), text->end(), '\0', ' ');
  return *text;
}

bool Mentions(const std::string& text, const char* word) {
  return text.find(word) != std::string::npos;
}

void ReadCpuinfo(const std::filesystem::path& cpuinfo, PlatformStrings& s) {
  std::ifstream in(cpuinfo);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    if (key == "CPU implementer" && s.cpu_implementer.empty()) s.cpu_implementer = value;
    if (key == "flags" && Mentions(" " + value + " ", " hypervisor ")) s.x86_hypervisor_flag = true;
  }
}

}  // namespace

PlatformStrings ReadPlatformStrings(const std::filesystem::path& sysfs_root,
                                    const std::filesystem::path& proc_root) {
  PlatformStrings s;
  s.dt_compatible = ReadOrEmpty(sysfs_root / "firmware/devicetree/base/compatible");
  s.dmi_sys_vendor = ReadOrEmpty(sysfs_root / "class/dmi/id/sys_vendor");
  s.dmi_product_name = ReadOrEmpty(sysfs_root / "class/dmi/id/product_name");
  ReadCpuinfo(proc_root / "cpuinfo", s);
  return s;
}

AccelGuess GuessAccel(const PlatformStrings& s) {
  const bool qemu = Mentions(s.dt_compatible, "linux,dummy-virt") ||
                    Mentions(s.dmi_sys_vendor, "QEMU") || Mentions(s.dmi_product_name, "KVM");
  const std::string firmware =
      "firmware: dt '" + s.dt_compatible + "', dmi '" + s.dmi_sys_vendor + "'";
  if (qemu && s.cpu_implementer == "0x00")
    return {"tcg", "QEMU machine with MIDR implementer 0x00 (TCG 'max' CPU); " + firmware};
  if (qemu && !s.cpu_implementer.empty())
    return {"kvm", "QEMU machine with a real MIDR implementer " + s.cpu_implementer +
                       " (-cpu host); " + firmware};
  if (qemu) return {"unknown", "QEMU machine, CPU identity unknown; " + firmware};
  if (s.x86_hypervisor_flag)
    return {"unknown", "x86 'hypervisor' CPU flag set, hypervisor not named; " + firmware};
  if (!s.cpu_implementer.empty() || !s.dmi_sys_vendor.empty())
    return {"bare-metal", "no hypervisor or QEMU strings; " + firmware};
  return {"unknown", "no firmware or CPU identity strings readable"};
}

}  // namespace memattr::agent
