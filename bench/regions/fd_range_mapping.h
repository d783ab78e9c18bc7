// Maps a checked byte range of an open file descriptor MAP_SHARED: the shared step of the
// file, dax, pci, vfio and module regions. Page slack below the offset is hidden.
//   auto extent = ResolveExtent(path, spec.offset, spec.size, file_bytes);
//   return MapFdRange({.spec = spec, .requested = attr, .fd = std::move(fd), ...});
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "memattr/mapped_region.h"
#include "unique_fd.h"

namespace memattr {

struct Extent {
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
};

// size 0 = from `offset` to the end. Errors (EINVAL) name the path when the range is empty
// or runs past `total` bytes.
Result<Extent> ResolveExtent(const std::filesystem::path& path, std::uint64_t offset,
                             std::uint64_t size, std::uint64_t total);

struct FdRange {
  const RegionSpec& spec;
  MemoryAttribute requested;
  UniqueFd fd;
  std::filesystem::path path;  // named in errors
  std::uint64_t file_offset;   // where the mapping starts in the fd's offset space
  std::uint64_t size;
  std::string how;  // recorded in MappedRegion::how()
};

// mmap(PROT_READ|PROT_WRITE, MAP_SHARED) of [file_offset, file_offset + size). The fd moves
// into the region, which closes it. Errors name the path and errno.
Result<MappedRegion> MapFdRange(FdRange range);

// The shared tail of the file, dax and PCI resource regions: `extent` of spec.path mapped
// MAP_SHARED, recorded as "mmap(MAP_SHARED) <source> @<offset><suffix>".
Result<MappedRegion> MapFileExtent(const RegionSpec& spec, MemoryAttribute requested, UniqueFd fd,
                                   const Extent& extent, const std::string& source,
                                   const std::string& suffix = "");

std::size_t PageSize();
std::string Hex(std::uint64_t value);

}  // namespace memattr
