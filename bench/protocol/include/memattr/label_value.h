// The one rule that turns a name (region, kernel, scenario label, ...) into the value it carries
// in a benchmark name segment and in every exported metric label, so one region has one label
// value everywhere: '/' and ':' (name separators), control characters and bytes that are not
// UTF-8 become '_'; everything else, spaces included, is kept. Idempotent.
//   LabelValue("0000:00:02.0/bar2") == "0000_00_02.0_bar2"
#pragma once

#include <string>
#include <string_view>

namespace memattr {

std::string LabelValue(std::string_view text);

// Bytes in the well-formed UTF-8 sequence that starts at text[i] (1-4), or 0 when none starts
// there (a stray continuation byte, an overlong form, a surrogate, a cut-off sequence).
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i);

}  // namespace memattr
