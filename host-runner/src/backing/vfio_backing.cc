#include "backing/vfio_backing.h"

#include <system_error>

namespace memattr::host {
namespace {

namespace fs = std::filesystem;

// Driver name from DEV/driver, "" when unbound.
std::string DriverOf(const fs::path& device) {
  std::error_code ec;
  const fs::path target = fs::read_symlink(device / "driver", ec);
  return ec ? "" : target.filename().string();
}

Status CheckGroupMembers(const fs::path& group_dir, const std::string& bdf) {
  std::error_code ec;
  fs::directory_iterator it(group_dir / "devices", ec);
  if (ec)
    return Error{"vfio " + bdf + ": cannot list " + (group_dir / "devices").string() + ": " +
                 ec.message()};
  for (const fs::directory_entry& member : it) {
    const std::string driver = DriverOf(member.path());
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
  const std::string driver = DriverOf(device);
  if (driver.empty())
    return Error{"vfio " + bdf + ": bound to no driver, not vfio-pci (bind it to vfio-pci)"};
  if (driver != "vfio-pci")
    return Error{"vfio " + bdf + ": bound to '" + driver +
                 "', not vfio-pci (unbind it and bind vfio-pci)"};
  const fs::path group = fs::read_symlink(device / "iommu_group", ec);
  if (ec) return Error{"vfio " + bdf + ": no iommu_group link (is the IOMMU enabled?)"};
  return CheckGroupMembers(sysfs_root / "kernel/iommu_groups" / group.filename(), bdf);
}

}  // namespace memattr::host
