// Maps a byte range of a regular file MAP_SHARED (offset and size checked against the file).
//   auto region = MapFileRegion(spec, MemoryAttribute::kNormalWb);
#pragma once

#include "memattr/mapped_region.h"

namespace memattr {

// size 0 = to the end of the file. Errors name the path and the reason: ENOENT, EACCES, EINVAL
// for an offset beyond EOF or a range past it; what the path is when it is not a regular file
// (a FIFO, a directory, a device: nothing to measure, and opening some would block or act);
// and an existing file without spec.overwrite == kYes, whose contents the run would destroy.
Result<MappedRegion> MapFileRegion(const RegionSpec& spec, MemoryAttribute requested);

}  // namespace memattr
