#include "fd_range_mapping.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace memattr {

std::size_t PageSize() { return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)); }

std::string Hex(std::uint64_t value) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(value));
  return buf;
}

Result<Extent> ResolveExtent(const std::filesystem::path& path, std::uint64_t offset,
                             std::uint64_t size, std::uint64_t total) {
  if (offset >= total)
    return ErrnoError(
        path.string(),
        "offset " + Hex(offset) + " is beyond the end (" + std::to_string(total) + " bytes)",
        EINVAL);
  if (size == 0) size = total - offset;
  if (size > total - offset)
    return ErrnoError(path.string(),
                      "offset " + Hex(offset) + " + size " + std::to_string(size) +
                          " runs past the end (" + std::to_string(total) + " bytes)",
                      EINVAL);
  return Extent{offset, size};
}

Result<MappedRegion> MapFileExtent(const RegionSpec& spec, MemoryAttribute requested, UniqueFd fd,
                                   const Extent& extent, const std::string& source,
                                   const std::string& suffix) {
  return MapFdRange({.spec = spec,
                     .requested = requested,
                     .fd = std::move(fd),
                     .path = spec.path,
                     .file_offset = extent.offset,
                     .size = extent.size,
                     .how = "mmap(MAP_SHARED) " + source + " @" + Hex(extent.offset) + suffix});
}

Result<MappedRegion> MapFdRange(FdRange range) {
  const std::uint64_t slack = range.file_offset % PageSize();
  const std::size_t length = range.size + slack;
  void* base = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, range.fd.get(),
                      static_cast<off_t>(range.file_offset - slack));
  if (base == MAP_FAILED)
    return ErrnoError(range.path.string(),
                      "mmap " + std::to_string(range.size) + " bytes at " + Hex(range.file_offset));
  return MappedRegion(range.spec, range.requested, base, length, slack, range.size,
                      range.fd.release(), std::move(range.how));
}

}  // namespace memattr
