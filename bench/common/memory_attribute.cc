#include "memattr/memory_attribute.h"

#include "memattr/protocol/attribute_spelling.h"

namespace memattr {
namespace {
constexpr auto kAll = protocol::AllValues<MemoryAttribute>();
}  // namespace

std::optional<MemoryAttribute> ParseMemoryAttribute(std::string_view text) {
  return protocol::ParseAttributeSpelling(text);
}

std::span<const MemoryAttribute> AllMemoryAttributes() { return kAll; }

}  // namespace memattr
