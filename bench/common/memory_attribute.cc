#include "memattr/memory_attribute.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace memattr {
namespace {
constexpr auto kAll = protocol::AllValues<MemoryAttribute>();
}  // namespace

std::optional<MemoryAttribute> ParseMemoryAttribute(std::string_view text) {
  std::string norm(text);
  std::transform(norm.begin(), norm.end(), norm.begin(), [](unsigned char c) {
    return c == '_' ? '-' : static_cast<char>(std::tolower(c));
  });
  return protocol::Parse<MemoryAttribute>(norm);
}

std::span<const MemoryAttribute> AllMemoryAttributes() { return kAll; }

}  // namespace memattr
