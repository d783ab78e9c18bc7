// Maps a range of a device-DAX character device (/dev/daxX.Y) MAP_SHARED; nothing else.
//   auto region = MapDaxRegion(spec, MemoryAttribute::kNormalWb);   // dax:path=/dev/dax0.0,size=2M
#pragma once

#include <filesystem>

#include "memattr/mapped_region.h"

namespace memattr {

inline constexpr std::uint64_t kDaxAlignment = std::uint64_t{2} << 20;

// REQUIRES: offset and size multiples of 2 MiB (EINVAL otherwise); size 0 = whole device
// (from sysfs). Errors name the path: ENOENT, EACCES, "not a dax device" (not a character
// device, or its sysfs subsystem is not dax).
Result<MappedRegion> MapDaxRegion(const RegionSpec& spec, MemoryAttribute requested,
                                  const std::filesystem::path& sysfs_root = "/sys");

}  // namespace memattr
