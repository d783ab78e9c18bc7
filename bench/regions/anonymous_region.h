// Maps private anonymous memory, optionally backed by huge pages (MAP_HUGETLB first, then
// transparent huge pages through madvise); how() records which one was used.
//   auto region = MapAnonymousRegion(spec, MemoryAttribute::kNormalWb);
#pragma once

#include "memattr/mapped_region.h"

namespace memattr {

// REQUIRES: spec.size > 0 (checked: EINVAL). Errors name the region and errno.
Result<MappedRegion> MapAnonymousRegion(const RegionSpec& spec, MemoryAttribute requested);

// Rounds `bytes` up to a multiple of `unit` (a power of two).
inline std::size_t RoundUp(std::size_t bytes, std::size_t unit) {
  return (bytes + unit - 1) & ~(unit - 1);
}

}  // namespace memattr
