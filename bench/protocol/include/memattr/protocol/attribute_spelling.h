// A memory attribute as people write it: the wire name, case-insensitive, '_' for '-'
// (command lines, manifests written by hand).
//   ParseAttributeSpelling("Device_nGnRE") == MemoryAttribute::kDeviceNGnRE
#pragma once

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

#include "memattr/protocol/vocabulary.h"

namespace memattr::protocol {

inline std::optional<MemoryAttribute> ParseAttributeSpelling(std::string_view text) {
  std::string norm(text);
  std::transform(norm.begin(), norm.end(), norm.begin(), [](unsigned char c) {
    return c == '_' ? '-' : static_cast<char>(std::tolower(c));
  });
  return Parse<MemoryAttribute>(norm);
}

}  // namespace memattr::protocol
