// Probes an unaligned 8- or 16-byte load (one ldr x / ldr q on arm64; mov / movdqu on
// x86_64) at offset 1 of a 16-byte-aligned window the probe first fills with a pattern.
//   Outcome o = ProbeUnalignedLoad8(region, options);   // ok, fault(SIGBUS, BUS_ADRALN, ...),
//   wrong-data
#pragma once

#include <span>

#include "memattr/probes.h"

namespace memattr {

// Needs 32 bytes of region at 16-byte alignment (else Skipped). Ok, or WrongData naming the
// half that differs.
Outcome ProbeUnalignedLoad8(std::span<std::byte> region, const ProbeOptions& options);
Outcome ProbeUnalignedLoad16(std::span<std::byte> region, const ProbeOptions& options);

}  // namespace memattr
