// The rule both sides apply before using a PCI device through VFIO: memattr-host before
// passing a host device through, the agent before mapping a guest BAR through VFIO.
//   Status s = CheckVfioDevice("/sys", "0000:01:00.0");
//   // "vfio 0000:01:00.0: bound to 'nvme', not vfio-pci (unbind it and bind vfio-pci)"
#pragma once

#include <filesystem>
#include <string>

#include "memattr/result.h"

namespace memattr::protocol {

// OK, or an error naming the device and exactly what is wrong (missing, driver, group, and
// which group member is bound to which driver). A group is viable when every member is bound
// to vfio-pci, pci-stub or no driver.
Status CheckVfioDevice(const std::filesystem::path& sysfs_root, const std::string& bdf);

}  // namespace memattr::protocol
