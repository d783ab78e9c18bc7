// The memory types the agent infers and expects, coarser than the four requestable attributes:
// Device-nGnRE and Device-nGnRnE behave alike for every probe the agent runs.
//   EffectiveTypeOf(MemoryAttribute::kDeviceNGnRnE) == EffectiveType::kDevice
#pragma once

#include <string_view>

#include "memattr/memory_attribute.h"

namespace memattr::agent {

enum class EffectiveType { kNormalWb, kNormalNc, kDevice, kUnknown };

std::string_view ToString(EffectiveType type);  // "normal-wb", "normal-nc", "device", "unknown"
EffectiveType EffectiveTypeOf(MemoryAttribute attribute);
// Restrictiveness: normal-wb 0 < normal-nc 1 < device 2; REQUIRES: type != kUnknown.
int Restrictiveness(EffectiveType type);

}  // namespace memattr::agent
