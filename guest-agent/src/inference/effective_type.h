// The memory types the agent infers and expects, coarser than the four requestable attributes:
// Device-nGnRE and Device-nGnRnE behave alike for every probe the agent runs. Two inferred
// values say only what was observed: kNormal (Normal, Write-Back vs Non-cacheable unobserved:
// no timing separates them, e.g. under TCG) and kUncached (not cacheable by the clock, Normal-NC
// vs Device unobserved: no alignment evidence and no Device reference). The model never
// predicts those two; Consistent() relates them to the full types.
//   EffectiveTypeOf(MemoryAttribute::kDeviceNGnRnE) == EffectiveType::kDevice
//   Consistent(EffectiveType::kNormal, EffectiveType::kNormalNc) == true
#pragma once

#include <string_view>

#include "memattr/memory_attribute.h"
#include "memattr/protocol/vocabulary.h"

namespace memattr::agent {

using protocol::EffectiveType;  // "normal-wb", "normal-nc", "device", "unknown", "normal",
                                // "uncached"

// What a partially observed type left open ("" for the others): "subtype unobserved: ...".
std::string_view UnobservedPart(EffectiveType type);
EffectiveType EffectiveTypeOf(MemoryAttribute attribute);
// Restrictiveness: normal-wb 0 < normal-nc 1 < device 2; a partial type counts as the least
// restrictive type it may be (normal 0, uncached 1). REQUIRES: type != kUnknown.
int Restrictiveness(EffectiveType type);
// Whether an observed type may be `full` (equal, or a partial type covering it).
bool Consistent(EffectiveType observed, EffectiveType full);

}  // namespace memattr::agent
