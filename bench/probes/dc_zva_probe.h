// Probes arm64 DC ZVA: fills one DCZID_EL0-sized aligned block (and the word after it, if the
// region has one) with a pattern, zeroes the block with one dc zva, and checks both.
//   Outcome o = ProbeDcZva(region, options);   // ok, fault(...), wrong-data, skipped
#pragma once

#include <span>

#include "memattr/probes.h"

namespace memattr {

// Skipped on x86_64, when DCZID_EL0.DZP prohibits DC ZVA, or when no aligned block fits.
// WrongData if a block word is not zero or the word after the block was changed.
Outcome ProbeDcZva(std::span<std::byte> region, const ProbeOptions& options);

}  // namespace memattr
