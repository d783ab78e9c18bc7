#include "glibc_memset_probe.h"

#include <algorithm>
#include <cstring>

#include "probe_memory.h"

namespace memattr {

Outcome ProbeGlibcMemset(std::span<std::byte> region, const ProbeOptions&) {
  constexpr std::size_t kMaxBytes = 256 * 1024;
  std::byte* start = AlignedWindow(region, 64, 64);
  if (!start) return TooSmall("glibc_memset", 64, 64);
  const std::size_t available = region.size() - static_cast<std::size_t>(start - region.data());
  const std::size_t bytes = std::min(available, kMaxBytes) & ~std::size_t{63};
  std::memset(start, 0xa5, bytes);
  if (Outcome o = CheckWordsEqual(start, bytes / 8, 0xa5a5a5a5a5a5a5a5ULL, "memset 0xa5"); !o.ok())
    return o;
  std::memset(start, 0, bytes);
  return CheckWordsEqual(start, bytes / 8, 0, "memset 0");
}

}  // namespace memattr
