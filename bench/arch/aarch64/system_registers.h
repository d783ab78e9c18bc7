// arm64 EL0-readable system registers, one mrs each.
#pragma once

#include <cstdint>

namespace memattr::arch {

// DCZID_EL0: bits 3:0 BS (log2 of the DC ZVA block in 4-byte words), bit 4 DZP (prohibited).
inline std::uint64_t ReadDczidEl0() {
  std::uint64_t v;
  asm volatile("mrs %0, dczid_el0" : "=r"(v));
  return v;
}

}  // namespace memattr::arch
