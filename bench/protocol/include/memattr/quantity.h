// Sizes and durations as people write them, parsed in one place for every tool (scenario YAML,
// memattr-bench --working-set, region specs), range-checked: a value never wraps, never becomes
// non-finite or negative, and an error names the text and the limit.
//   ParseSize("64MiB") == 67108864       ParseSize("17179869185G") -> "... too large ..."
//   ParseDuration("15m") == 900.0        ParseDuration("nan") -> "... not a finite ..."
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "memattr/result.h"

namespace memattr {

// Bytes: decimal digits with an optional binary suffix (K/KiB/KB, M/MiB/MB, G/GiB/GB, T/TiB/TB:
// all powers of 1024), or 0x hex without a suffix. At most `max` bytes.
Result<std::uint64_t> ParseSize(std::string_view text,
                                std::uint64_t max = std::numeric_limits<std::uint64_t>::max());

inline constexpr double kMaxDurationSeconds = 7 * 24 * 3600.0;  // a week: longer is a typo
// Seconds: a decimal number (fractions allowed) with an optional unit ms, s, m or h; a bare
// number is seconds. Must be finite and in (0, max_seconds].
Result<double> ParseDuration(std::string_view text, double max_seconds = kMaxDurationSeconds);

// "64MiB", "3KiB", "5 bytes": the largest exact binary unit, for messages.
std::string FormatSize(std::uint64_t bytes);

}  // namespace memattr
