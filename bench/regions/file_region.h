// Maps a byte range of a regular file MAP_SHARED (offset and size checked against the file).
//   auto region = MapFileRegion(spec, MemoryAttribute::kNormalWb);
#pragma once

#include "memattr/mapped_region.h"

namespace memattr {

// size 0 = to the end of the file. Errors name the path and errno (ENOENT, EACCES, EINVAL
// for an offset beyond EOF or a range past it, "not a regular file").
Result<MappedRegion> MapFileRegion(const RegionSpec& spec, MemoryAttribute requested);

}  // namespace memattr
