// Word-wise initialisation and checking for probes: explicit aligned 8-byte stores and
// loads (arch/memory_access.h), so a probe's setup never issues the accesses it is testing
// and never reads bytes it did not write first (R10).
//   std::byte* words = AlignedWindow(region, 64, 4 * 8);
//   FillWords(words, 4, /*seed=*/1);
//   Outcome o = CheckWords(words, 4, 1, "after memcpy");
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "memattr/outcome.h"

namespace memattr {

// The first `alignment`-aligned address in `region` with `bytes` bytes after it inside the
// region, or nullptr when none fits.
std::byte* AlignedWindow(std::span<std::byte> region, std::size_t alignment, std::size_t bytes);

// Skipped("region too small: <probe> needs N bytes at A-byte alignment").
Outcome TooSmall(const std::string& probe, std::size_t bytes, std::size_t alignment);

// A distinct, non-zero, byte-varied 64-bit value for word `index` of pattern `seed`.
std::uint64_t PatternWord(std::uint64_t seed, std::size_t index);

// REQUIRES: `words` 8-byte aligned. Store PatternWord(seed, i) / `value` at words[i].
void FillWords(std::byte* words, std::size_t count, std::uint64_t seed);
void SetWords(std::byte* words, std::size_t count, std::uint64_t value);

// Ok, or WrongData(expected, got, "<what>: word i") for the first differing word.
Outcome CheckWords(const std::byte* words, std::size_t count, std::uint64_t seed,
                   const std::string& what);
Outcome CheckWordsEqual(const std::byte* words, std::size_t count, std::uint64_t value,
                        const std::string& what);

}  // namespace memattr
