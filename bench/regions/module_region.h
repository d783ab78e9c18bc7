// Maps a physical range through the memattr guest module (/dev/memattr by default) with any
// of the four attributes: MEMATTR_IOC_CLAIM the range, then mmap with the attribute in the
// offset (memattr/protocol/memattr_module_abi.h); nothing else.
//   auto region = MapModuleRegion(spec, MemoryAttribute::kNormalNc);  // module:phys=0x...,size=16M
#pragma once

#include <cstdint>

#include "memattr/mapped_region.h"

namespace memattr {

// The mmap offset that asks the module for `attribute` at byte `offset_in_claim`.
std::uint64_t ModuleMmapOffset(MemoryAttribute attribute, std::uint64_t offset_in_claim);

// REQUIRES: spec.size > 0; spec.path the module's character device. The claim covers the
// pages holding [phys, phys + size). Errors name the device and errno (ENOENT module not
// loaded, EPERM System RAM, EBUSY overlapping claim, EINVAL, "not a character device").
Result<MappedRegion> MapModuleRegion(const RegionSpec& spec, MemoryAttribute requested);

}  // namespace memattr
