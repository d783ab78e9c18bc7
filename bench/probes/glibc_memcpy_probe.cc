#include "glibc_memcpy_probe.h"

#include <algorithm>
#include <cstring>

#include "probe_memory.h"

namespace memattr {

Outcome ProbeGlibcMemcpy(std::span<std::byte> region, const ProbeOptions&) {
  constexpr std::size_t kMaxBytes = 256 * 1024;
  constexpr std::uint64_t kSeed = 0xc0b1;
  std::byte* start = AlignedWindow(region, 64, 128);
  if (!start) return TooSmall("glibc_memcpy", 128, 64);
  const std::size_t available = region.size() - static_cast<std::size_t>(start - region.data());
  const std::size_t half = (std::min(available, kMaxBytes) / 2) & ~std::size_t{63};
  std::byte* destination = start + half;
  FillWords(start, half / 8, kSeed);
  SetWords(destination, half / 8, 0);
  std::memcpy(destination, start, half);
  return CheckWords(destination, half / 8, kSeed, "memcpy of " + std::to_string(half) + " bytes");
}

}  // namespace memattr
