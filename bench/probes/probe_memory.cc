#include "probe_memory.h"

#include <cstdint>

#include "arch/memory_access.h"

namespace memattr {

std::byte* AlignedWindow(std::span<std::byte> region, std::size_t alignment, std::size_t bytes) {
  const auto begin = reinterpret_cast<std::uintptr_t>(region.data());
  const std::uintptr_t aligned = (begin + alignment - 1) & ~(std::uintptr_t{alignment} - 1);
  const std::size_t skipped = aligned - begin;
  if (skipped > region.size() || region.size() - skipped < bytes) return nullptr;
  return region.data() + skipped;
}

Outcome TooSmall(const std::string& probe, std::size_t bytes, std::size_t alignment) {
  return Outcome::Skipped("region too small: " + probe + " needs " + std::to_string(bytes) +
                          " bytes at " + std::to_string(alignment) + "-byte alignment");
}

std::uint64_t PatternWord(std::uint64_t seed, std::size_t index) {
  // splitmix64 of (seed, index): every byte varies, so a shifted or torn access shows.
  std::uint64_t z = seed * 0x9e3779b97f4a7c15ULL + index + 1;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return z ? z : 1;
}

void FillWords(std::byte* words, std::size_t count, std::uint64_t seed) {
  for (std::size_t i = 0; i < count; ++i) arch::Store64(words + 8 * i, PatternWord(seed, i));
}

void SetWords(std::byte* words, std::size_t count, std::uint64_t value) {
  for (std::size_t i = 0; i < count; ++i) arch::Store64(words + 8 * i, value);
}

Outcome CheckWords(const std::byte* words, std::size_t count, std::uint64_t seed,
                   const std::string& what) {
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t got = arch::Load64(words + 8 * i);
    if (got != PatternWord(seed, i))
      return Outcome::WrongData(PatternWord(seed, i), got, what + ": word " + std::to_string(i));
  }
  return Outcome::Ok();
}

Outcome CheckWordsEqual(const std::byte* words, std::size_t count, std::uint64_t value,
                        const std::string& what) {
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t got = arch::Load64(words + 8 * i);
    if (got != value) return Outcome::WrongData(value, got, what + ": word " + std::to_string(i));
  }
  return Outcome::Ok();
}

}  // namespace memattr
