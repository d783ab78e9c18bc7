// Explicit 8- and 16-byte loads and stores, one instruction each, that the compiler cannot
// split, merge or realign: probes use them to issue exactly the (unaligned) access they name.
//   std::uint64_t v = arch::Load64(p + 1);   // arm64: ldr x, [p+1]; x86_64: mov
//   arch::Store128(p + 1, {lo, hi});         // arm64: str q, [p+1]; x86_64: movdqu
#pragma once

#include <cstdint>

namespace memattr::arch {
struct Bits128 {
  std::uint64_t lo;
  std::uint64_t hi;
};
}  // namespace memattr::arch

#if defined(__aarch64__)
#include "arch/aarch64/memory_access.h"
#elif defined(__x86_64__)
#include "arch/x86_64/memory_access.h"
#else
#error "memattr supports aarch64 and x86_64"
#endif
