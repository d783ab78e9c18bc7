#include "inference/effective_type.h"

namespace memattr::agent {

std::string_view UnobservedPart(EffectiveType type) {
  if (type == EffectiveType::kNormal) return "subtype unobserved: Normal-WB or Normal-NC";
  if (type == EffectiveType::kUncached) return "type unobserved: Normal-NC or Device";
  return "";
}

EffectiveType EffectiveTypeOf(MemoryAttribute attribute) {
  switch (attribute) {
    case MemoryAttribute::kNormalWb:
      return EffectiveType::kNormalWb;
    case MemoryAttribute::kNormalNc:
      return EffectiveType::kNormalNc;
    case MemoryAttribute::kDeviceNGnRE:
    case MemoryAttribute::kDeviceNGnRnE:
      return EffectiveType::kDevice;
  }
  return EffectiveType::kUnknown;
}

int Restrictiveness(EffectiveType type) {
  switch (type) {
    case EffectiveType::kNormalWb:
    case EffectiveType::kNormal:
      return 0;
    case EffectiveType::kNormalNc:
    case EffectiveType::kUncached:
      return 1;
    case EffectiveType::kDevice:
    case EffectiveType::kUnknown:
      break;
  }
  return 2;
}

bool Consistent(EffectiveType observed, EffectiveType full) {
  if (observed == full) return true;
  if (observed == EffectiveType::kNormal)
    return full == EffectiveType::kNormalWb || full == EffectiveType::kNormalNc;
  if (observed == EffectiveType::kUncached)
    return full == EffectiveType::kNormalNc || full == EffectiveType::kDevice;
  return false;
}

}  // namespace memattr::agent
