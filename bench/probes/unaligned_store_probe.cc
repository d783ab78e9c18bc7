#include "unaligned_store_probe.h"

#include <array>
#include <cstring>

#include "arch/memory_access.h"
#include "probe_memory.h"

namespace memattr {
namespace {

constexpr std::size_t kWords = 4;  // a 32-byte window
constexpr std::size_t kMisalignment = 1;
constexpr std::uint64_t kSeed = 0x5707e;
constexpr arch::Bits128 kStored{0x0123456789abcdefULL, 0xfedcba9876543210ULL};

// Compares the window with its pattern overlaid by `width` bytes of kStored at +1.
Outcome CheckImage(const std::byte* window, std::size_t width) {
  std::array<std::uint64_t, kWords> image{};
  for (std::size_t i = 0; i < kWords; ++i) image[i] = PatternWord(kSeed, i);
  std::memcpy(reinterpret_cast<char*>(image.data()) + kMisalignment, &kStored, width);
  for (std::size_t i = 0; i < kWords; ++i) {
    const std::uint64_t got = arch::Load64(window + 8 * i);
    if (got != image[i])
      return Outcome::WrongData(
          image[i], got,
          std::to_string(width) + "-byte store at +1: aligned word " + std::to_string(i));
  }
  return Outcome::Ok();
}

}  // namespace

Outcome ProbeUnalignedStore8(std::span<std::byte> region, const ProbeOptions&) {
  std::byte* window = AlignedWindow(region, 16, 8 * kWords);
  if (!window) return TooSmall("unaligned_store_8", 8 * kWords, 16);
  FillWords(window, kWords, kSeed);
  arch::Store64(window + kMisalignment, kStored.lo);
  return CheckImage(window, 8);
}

Outcome ProbeUnalignedStore16(std::span<std::byte> region, const ProbeOptions&) {
  std::byte* window = AlignedWindow(region, 16, 8 * kWords);
  if (!window) return TooSmall("unaligned_store_16", 8 * kWords, 16);
  FillWords(window, kWords, kSeed);
  arch::Store128(window + kMisalignment, kStored);
  return CheckImage(window, 16);
}

}  // namespace memattr
