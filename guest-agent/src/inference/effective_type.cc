#include "inference/effective_type.h"

namespace memattr::agent {

std::string_view ToString(EffectiveType type) {
  switch (type) {
    case EffectiveType::kNormalWb:
      return "normal-wb";
    case EffectiveType::kNormalNc:
      return "normal-nc";
    case EffectiveType::kDevice:
      return "device";
    case EffectiveType::kUnknown:
      return "unknown";
  }
  return "invalid";
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

int Restrictiveness(EffectiveType type) { return static_cast<int>(type); }

}  // namespace memattr::agent
