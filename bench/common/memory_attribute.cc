#include "memattr/memory_attribute.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace memattr {
namespace {
constexpr std::array kAll = {MemoryAttribute::kNormalWb, MemoryAttribute::kNormalNc,
                             MemoryAttribute::kDeviceNGnRE, MemoryAttribute::kDeviceNGnRnE};
}  // namespace

std::string_view ToString(MemoryAttribute attribute) {
  switch (attribute) {
    case MemoryAttribute::kNormalWb:
      return "normal-wb";
    case MemoryAttribute::kNormalNc:
      return "normal-nc";
    case MemoryAttribute::kDeviceNGnRE:
      return "device-ngnre";
    case MemoryAttribute::kDeviceNGnRnE:
      return "device-ngnrne";
  }
  return "invalid";
}

std::optional<MemoryAttribute> ParseMemoryAttribute(std::string_view text) {
  std::string norm(text);
  std::transform(norm.begin(), norm.end(), norm.begin(), [](unsigned char c) {
    return c == '_' ? '-' : static_cast<char>(std::tolower(c));
  });
  for (MemoryAttribute a : kAll)
    if (ToString(a) == norm) return a;
  return std::nullopt;
}

std::span<const MemoryAttribute> AllMemoryAttributes() { return kAll; }

}  // namespace memattr
