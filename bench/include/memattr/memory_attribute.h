// The four arm64 memory types memattr requests and infers, with their wire names.
//   ParseMemoryAttribute("device-ngnre") == MemoryAttribute::kDeviceNGnRE
// On x86_64 the same names stand for WB / WC / UC- where an interface gives them.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace memattr {

enum class MemoryAttribute { kNormalWb, kNormalNc, kDeviceNGnRE, kDeviceNGnRnE };

// "normal-wb", "normal-nc", "device-ngnre", "device-ngnrne".
std::string_view ToString(MemoryAttribute attribute);
// Accepts the wire names (case-insensitive, '_' or '-'); nullopt for anything else.
std::optional<MemoryAttribute> ParseMemoryAttribute(std::string_view text);
std::span<const MemoryAttribute> AllMemoryAttributes();
inline bool IsDevice(MemoryAttribute a) {
  return a == MemoryAttribute::kDeviceNGnRE || a == MemoryAttribute::kDeviceNGnRnE;
}

}  // namespace memattr
