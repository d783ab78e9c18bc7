// The four arm64 memory types memattr requests and infers (the enum and its wire names are
// the protocol's, memattr/protocol/vocabulary.h), read leniently from command lines.
//   ParseMemoryAttribute("Device_nGnRE") == MemoryAttribute::kDeviceNGnRE
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "memattr/protocol/vocabulary.h"

namespace memattr {

using protocol::MemoryAttribute;
using protocol::ToString;  // "normal-wb", "normal-nc", "device-ngnre", "device-ngnrne"
// Accepts the wire names (case-insensitive, '_' or '-'); nullopt for anything else.
std::optional<MemoryAttribute> ParseMemoryAttribute(std::string_view text);
std::span<const MemoryAttribute> AllMemoryAttributes();
inline bool IsDevice(MemoryAttribute a) {
  return a == MemoryAttribute::kDeviceNGnRE || a == MemoryAttribute::kDeviceNGnRnE;
}

}  // namespace memattr
