// Checks that a host PCI device can be passed to a guest with -device vfio-pci,host=BDF:
// it exists, is bound to vfio-pci, and its IOMMU group is viable. sysfs root injectable.
//   Status s = CheckVfioDevice("/sys", "0000:01:00.0");
//   // "vfio 0000:01:00.0: bound to 'nvme', not vfio-pci (unbind it and bind vfio-pci)"
#pragma once

#include <filesystem>
#include <string>

#include "memattr/result.h"

namespace memattr::host {

// OK, or an error naming the device and exactly what is wrong (missing, driver, group, and
// which group member is bound to which driver).
Status CheckVfioDevice(const std::filesystem::path& sysfs_root, const std::string& bdf);

}  // namespace memattr::host
