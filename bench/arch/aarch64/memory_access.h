// arm64 single-instruction accesses: ldr/str x (8 bytes), ldr/str q (16 bytes, one access).
// Include through arch/memory_access.h.
#pragma once

#include <arm_neon.h>

#include <cstdint>

namespace memattr::arch {

inline std::uint64_t Load64(const void* p) {
  std::uint64_t v;
  asm volatile("ldr %x0, [%1]" : "=r"(v) : "r"(p) : "memory");
  return v;
}

inline void Store64(void* p, std::uint64_t v) {
  asm volatile("str %x0, [%1]" : : "r"(v), "r"(p) : "memory");
}

inline Bits128 Load128(const void* p) {
  uint64x2_t v;
  asm volatile("ldr %q0, [%1]" : "=w"(v) : "r"(p) : "memory");
  return {vgetq_lane_u64(v, 0), vgetq_lane_u64(v, 1)};
}

inline void Store128(void* p, Bits128 bits) {
  const uint64x2_t v = vcombine_u64(vcreate_u64(bits.lo), vcreate_u64(bits.hi));
  asm volatile("str %q0, [%1]" : : "w"(v), "r"(p) : "memory");
}

}  // namespace memattr::arch
