#include "unaligned_load_probe.h"

#include <array>
#include <cstring>

#include "arch/memory_access.h"
#include "probe_memory.h"

namespace memattr {
namespace {

constexpr std::size_t kWindowBytes = 32;
constexpr std::size_t kMisalignment = 1;
constexpr std::uint64_t kSeed = 0x10ad;

// Fills the window and returns the little-endian words an access at +kMisalignment must see.
std::array<std::uint64_t, 2> PrepareWindow(std::byte* window) {
  FillWords(window, kWindowBytes / 8, kSeed);
  std::array<std::uint64_t, kWindowBytes / 8> image{};
  for (std::size_t i = 0; i < image.size(); ++i) image[i] = PatternWord(kSeed, i);
  std::array<std::uint64_t, 2> expected{};
  std::memcpy(expected.data(), reinterpret_cast<const char*>(image.data()) + kMisalignment, 16);
  return expected;
}

}  // namespace

Outcome ProbeUnalignedLoad8(std::span<std::byte> region, const ProbeOptions&) {
  std::byte* window = AlignedWindow(region, 16, kWindowBytes);
  if (!window) return TooSmall("unaligned_load_8", kWindowBytes, 16);
  const auto expected = PrepareWindow(window);
  const std::uint64_t got = arch::Load64(window + kMisalignment);
  if (got != expected[0]) return Outcome::WrongData(expected[0], got, "8-byte load at +1");
  return Outcome::Ok();
}

Outcome ProbeUnalignedLoad16(std::span<std::byte> region, const ProbeOptions&) {
  std::byte* window = AlignedWindow(region, 16, kWindowBytes);
  if (!window) return TooSmall("unaligned_load_16", kWindowBytes, 16);
  const auto expected = PrepareWindow(window);
  const arch::Bits128 got = arch::Load128(window + kMisalignment);
  if (got.lo != expected[0])
    return Outcome::WrongData(expected[0], got.lo, "16-byte load at +1, low half");
  if (got.hi != expected[1])
    return Outcome::WrongData(expected[1], got.hi, "16-byte load at +1, high half");
  return Outcome::Ok();
}

}  // namespace memattr
