#include "memattr/protocol/vfio_viability.h"

#include <system_error>

namespace memattr::protocol {
namespace {

namespace fs = std::filesystem;

// The name a sysfs link points at ("vfio-pci" for DEV/driver), "" when there is no link.
std::string SysfsLinkName(const fs::path& link) {
  std::error_code ec;
  const fs::path target = fs::read_symlink(link, ec);
  return ec ? "" : target.filename().string();
}

Status CheckGroupMembers(const fs::path& group_dir, const std::string& bdf) {
  std::error_code ec;
  fs::directory_iterator it(group_dir / "devices", ec);
  if (ec)
    return Error{"vfio " + bdf + ": cannot list " + (group_dir / "devices").string() + ": " +
                 ec.message()};
  for (const fs::directory_entry& member : it) {
    const std::string driver = SysfsLinkName(member.path() / "driver");
    if (driver.empty() || driver == "vfio-pci" || driver == "pci-stub") continue;
    return Error{"vfio " + bdf + ": IOMMU group " + group_dir.filename().string() +
                 " is not viable: member " + member.path().filename().string() + " is bound to '" +
                 driver + "' (bind every member to vfio-pci or unbind it)"};
  }
  return OkStatus();
}

}  // namespace

Status CheckVfioDevice(const fs::path& sysfs_root, const std::string& bdf) {
  const fs::path device = sysfs_root / "bus/pci/devices" / bdf;
  std::error_code ec;
  if (!fs::exists(device, ec))
    return Error{"vfio " + bdf + ": no such PCI device (" + device.string() + " missing)"};
  const std::string driver = SysfsLinkName(device / "driver");
  if (driver.empty())
    return Error{"vfio " + bdf + ": bound to no driver, not vfio-pci (bind it to vfio-pci)"};
  if (driver != "vfio-pci")
    return Error{"vfio " + bdf + ": bound to '" + driver +
                 "', not vfio-pci (unbind it and bind vfio-pci)"};
  const std::string group = SysfsLinkName(device / "iommu_group");
  if (group.empty()) return Error{"vfio " + bdf + ": no iommu_group link (is the IOMMU enabled?)"};
  return CheckGroupMembers(sysfs_root / "kernel/iommu_groups" / group, bdf);
}

}  // namespace memattr::protocol
