// x86_64 single-instruction accesses: mov (8 bytes), movdqu (16 bytes).
// Include through arch/memory_access.h.
#pragma once

#include <emmintrin.h>

#include <cstdint>

namespace memattr::arch {

inline std::uint64_t Load64(const void* p) {
  std::uint64_t v;
  asm volatile("movq (%1), %0" : "=r"(v) : "r"(p) : "memory");
  return v;
}

inline void Store64(void* p, std::uint64_t v) {
  asm volatile("movq %0, (%1)" : : "r"(v), "r"(p) : "memory");
}

inline Bits128 Load128(const void* p) {
  __m128i v;
  asm volatile("movdqu (%1), %0" : "=x"(v) : "r"(p) : "memory");
  return {static_cast<std::uint64_t>(_mm_cvtsi128_si64(v)),
          static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v)))};
}

inline void Store128(void* p, Bits128 bits) {
  const __m128i v =
      _mm_set_epi64x(static_cast<long long>(bits.hi), static_cast<long long>(bits.lo));
  asm volatile("movdqu %0, (%1)" : : "x"(v), "r"(p) : "memory");
}

}  // namespace memattr::arch
