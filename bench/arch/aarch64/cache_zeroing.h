// arm64 DC ZVA: zeroes one DCZID_EL0-sized block at `p` (which it aligns down itself).
// REQUIRES: DCZID_EL0.DZP == 0 (else the instruction is UNDEFINED: SIGILL).
#pragma once

namespace memattr::arch {

inline void DcZva(void* p) { asm volatile("dc zva, %0" : : "r"(p) : "memory"); }

}  // namespace memattr::arch
