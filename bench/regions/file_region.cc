#include "file_region.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "fd_range_mapping.h"

namespace memattr {

Result<MappedRegion> MapFileRegion(const RegionSpec& spec, MemoryAttribute requested) {
  const std::string path = spec.path.string();
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
  if (!fd) return ErrnoError(path, "open");
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return ErrnoError(path, "fstat");
  if (!S_ISREG(st.st_mode)) return ErrnoError(path, "not a regular file", EINVAL);
  auto extent = ResolveExtent(path, spec.offset, spec.size, static_cast<std::uint64_t>(st.st_size));
  if (!extent) return extent.error();
  return MapFdRange({.spec = spec,
                     .requested = requested,
                     .fd = std::move(fd),
                     .path = path,
                     .file_offset = extent->offset,
                     .size = extent->size,
                     .how = "mmap(MAP_SHARED) " + path + " @" + Hex(extent->offset)});
}

}  // namespace memattr
