// Maps one region of a PCI device through VFIO: type1v2 container, the device's IOMMU group
// (from sysfs), VFIO_GROUP_GET_DEVICE_FD, VFIO_DEVICE_GET_REGION_INFO, mmap; nothing else.
//   auto region = MapVfioRegion(spec, MemoryAttribute::kDeviceNGnRnE);  // vfio:bdf=...,index=2
#pragma once

#include <filesystem>
#include <string>

#include "memattr/mapped_region.h"

namespace memattr {

struct VfioPaths {
  std::filesystem::path sysfs_root = "/sys";
  std::filesystem::path dev_root = "/dev";  // holds vfio/vfio and vfio/<group>
};

// <dev_root>/vfio/<N> for the group named by <sysfs>/bus/pci/devices/<bdf>/iommu_group.
// Errors name the sysfs link and errno (ENOENT: no such device or no IOMMU group).
Result<std::filesystem::path> VfioGroupDevice(const std::string& bdf, const VfioPaths& paths);

// REQUIRES: the device is bound to vfio-pci and its group is viable. size 0 = whole region.
// Errors name the file or ioctl and errno (ENOENT, EPERM, EBUSY, ENOTTY, EINVAL for a region
// that cannot be mmapped or a range past its end).
Result<MappedRegion> MapVfioRegion(const RegionSpec& spec, MemoryAttribute requested,
                                   const VfioPaths& paths = {});

}  // namespace memattr
