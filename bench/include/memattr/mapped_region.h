// MappedRegion: an owned mapping of a RegionSpec with a requested memory attribute.
// It records what was requested and how it was obtained; the effective type is inferred
// elsewhere (R10). Move-only; unmaps and closes on destruction.
//   Result<MappedRegion> m = MapRegion(spec, MemoryAttribute::kNormalWb);
//   std::span<std::byte> bytes = m->bytes();
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "memattr/memory_attribute.h"
#include "memattr/region_spec.h"
#include "memattr/result.h"

namespace memattr {

class MappedRegion {
 public:
  MappedRegion(RegionSpec spec, MemoryAttribute requested, void* base, std::size_t length,
               std::size_t usable_offset, std::size_t usable_length, int fd, std::string how);
  MappedRegion(MappedRegion&& other) noexcept;
  MappedRegion& operator=(MappedRegion&& other) noexcept;
  MappedRegion(const MappedRegion&) = delete;
  MappedRegion& operator=(const MappedRegion&) = delete;
  ~MappedRegion();

  // The bytes named by the spec (offset applied, page-alignment slack hidden).
  std::span<std::byte> bytes() const;
  const RegionSpec& spec() const { return spec_; }
  MemoryAttribute requested() const { return requested_; }
  // How it was obtained: "mmap(MAP_SHARED) /dev/dax0.0 @0x0", "sysfs resource2_wc", ...
  const std::string& how() const { return how_; }

 private:
  void Release();
  RegionSpec spec_;
  MemoryAttribute requested_;
  void* base_ = nullptr;
  std::size_t length_ = 0;
  std::size_t usable_offset_ = 0;
  std::size_t usable_length_ = 0;
  int fd_ = -1;
  std::string how_;
};

// Maps `spec` with `requested`. Refuses (with the reason) a request the interface cannot
// honour; never silently maps another type. Errors name the path and errno.
Result<MappedRegion> MapRegion(const RegionSpec& spec, MemoryAttribute requested);

// The interface through which `kind` gives `attribute` ("sysfs resourceN_wc", ...), or an
// Error saying which attributes `kind` does give and which kinds give `attribute`.
// Why MapRegion would refuse a kFile spec without trying (the path is not a regular file, or
// an existing file without spec.overwrite), or "" when it may be mapped; names the path.
std::string FileRegionRefusal(const RegionSpec& spec);

// Lets a planner skip (with this reason) what MapRegion would refuse.
Result<std::string> InterfaceFor(RegionKind kind, MemoryAttribute attribute);

}  // namespace memattr
