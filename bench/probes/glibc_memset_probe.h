// Probes glibc memset on the region: a non-zero fill, then a zero fill (which may take
// glibc's DC ZVA path on arm64), each checked word by word.
//   Outcome o = ProbeGlibcMemset(region, options);
#pragma once

#include <span>

#include "memattr/probes.h"

namespace memattr {

// Uses the first 64-byte-aligned window of up to 256 KiB (at least 64 bytes, else Skipped).
// WrongData names the fill and the word that differs.
Outcome ProbeGlibcMemset(std::span<std::byte> region, const ProbeOptions& options);

}  // namespace memattr
