// Parses untrusted JSON (manifests, guest event lines, results files) with its nesting bounded:
// nlohmann builds deep documents iteratively, but dump() and every recursive reader do not, so a
// 100,000-deep array would overflow the stack later, far from the input. Errors name the source
// and line.
//   Result<nlohmann::json> doc = ParseBoundedJson(text, "m.json");  // "m.json:3: not valid JSON:
//   ..."
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "memattr/result.h"

namespace memattr {

inline constexpr int kMaxJsonDepth = 64;

Result<nlohmann::json> ParseBoundedJson(std::string_view text, const std::string& source,
                                        int max_depth = kMaxJsonDepth);

// At most `max_chars` of value.dump(), for error messages that quote untrusted input.
std::string BriefJson(const nlohmann::json& value, std::size_t max_chars = 80);

}  // namespace memattr
