// Maps a PCI BAR through its sysfs file (.../0000:00:02.0/resourceN or resourceN_wc), after
// checking which driver owns the device; nothing else. Which file gives which memory type is
// decided by region_mapper.cc, which passes the chosen file in spec.path.
//   auto region = MapPciResourceRegion(spec, MemoryAttribute::kDeviceNGnRE);
#pragma once

#include <filesystem>
#include <string>

#include "memattr/mapped_region.h"

namespace memattr {

// The driver bound to the device whose sysfs directory holds `resource_file`: the name of
// the `driver` link beside it, or "" when unbound.
std::string BoundDriver(const std::filesystem::path& resource_file);

// Refuses (EBUSY) a device bound to a driver other than vfio-pci unless spec.force is kYes;
// an unbound device is mapped, after turning on its memory decoding through sysfs `enable`
// if that reads 0 (recorded in how(), left on). size 0 = whole BAR. Errors name the path and errno
// (ENOENT, EACCES/EPERM, EINVAL for a name that is not resourceN[_wc] or a range past the BAR).
Result<MappedRegion> MapPciResourceRegion(const RegionSpec& spec, MemoryAttribute requested);

}  // namespace memattr
