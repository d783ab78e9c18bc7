// Probes glibc memcpy inside the region: copies a pattern from the first half of a window
// to the second half and checks the copy word by word.
//   Outcome o = ProbeGlibcMemcpy(region, options);
#pragma once

#include <span>

#include "memattr/probes.h"

namespace memattr {

// Uses the first 64-byte-aligned window of up to 256 KiB (at least 128 bytes, else Skipped).
// WrongData names the destination word that differs.
Outcome ProbeGlibcMemcpy(std::span<std::byte> region, const ProbeOptions& options);

}  // namespace memattr
