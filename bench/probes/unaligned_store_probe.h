// Probes an unaligned 8- or 16-byte store (one str x / str q on arm64; mov / movdqu on
// x86_64) at offset 1 of a 16-byte-aligned window, then reads the window back word by word.
//   Outcome o = ProbeUnalignedStore16(region, options);
#pragma once

#include <span>

#include "memattr/probes.h"

namespace memattr {

// Needs 32 bytes of region at 16-byte alignment (else Skipped). Ok, or WrongData naming the
// aligned word that differs from the expected image (stored bytes and untouched neighbours).
Outcome ProbeUnalignedStore8(std::span<std::byte> region, const ProbeOptions& options);
Outcome ProbeUnalignedStore16(std::span<std::byte> region, const ProbeOptions& options);

}  // namespace memattr
