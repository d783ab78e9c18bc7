// The one size parser and the one duration parser (memattr/quantity.h).
#include "memattr/quantity.h"

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace memattr {
namespace {

struct SizeSuffix {
  std::string_view text;
  unsigned shift;
};

// Longest first, so "KiB" is not read as "B" after a "Ki".
constexpr std::array<SizeSuffix, 12> kSizeSuffixes = {{{"KiB", 10},
                                                       {"MiB", 20},
                                                       {"GiB", 30},
                                                       {"TiB", 40},
                                                       {"KB", 10},
                                                       {"MB", 20},
                                                       {"GB", 30},
                                                       {"TB", 40},
                                                       {"K", 10},
                                                       {"M", 20},
                                                       {"G", 30},
                                                       {"T", 40}}};

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

Result<std::uint64_t> ParseSize(std::string_view text, std::uint64_t max) {
  const std::string shown = Quoted(text);
  const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  std::string_view digits = hex ? text.substr(2) : text;
  unsigned shift = 0;
  for (const SizeSuffix& s : kSizeSuffixes) {
    if (hex || !digits.ends_with(s.text)) continue;
    shift = s.shift;
    digits.remove_suffix(s.text.size());
    break;
  }
  std::uint64_t value = 0;
  const auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
  const std::string too_large = shown + " is too large (at most " + FormatSize(max) + ")";
  if (ec == std::errc::result_out_of_range) return Error{too_large};
  if (ec != std::errc() || digits.empty() || end != digits.data() + digits.size())
    return Error{shown + " is not a size (e.g. 4096, 64KiB, 16M, 1GiB, 0x1000)"};
  if (value > (max >> shift)) return Error{too_large};
  return value << shift;
}

Result<double> ParseDuration(std::string_view text, double max_seconds) {
  static constexpr std::array<std::pair<std::string_view, double>, 4> kUnits = {
      {{"ms", 1e-3}, {"s", 1}, {"m", 60}, {"h", 3600}}};
  const std::string shown = Quoted(text);
  std::string_view number = text;
  double scale = 1;
  for (const auto& [unit, seconds] : kUnits) {
    if (!number.ends_with(unit)) continue;
    number.remove_suffix(unit.size());
    scale = seconds;
    break;
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value,
                                         std::chars_format::fixed);
  if (ec != std::errc() || number.empty() || end != number.data() + number.size())
    return Error{shown + " is not a duration (e.g. 0.05s, 90s, 15m, 1h)"};
  const double seconds = value * scale;
  if (!std::isfinite(seconds) || seconds <= 0)
    return Error{shown + " is not a finite duration greater than 0"};
  if (seconds > max_seconds)
    return Error{shown + " is too long (at most " + std::to_string(static_cast<long>(max_seconds)) +
                 " s)"};
  return seconds;
}

std::string FormatSize(std::uint64_t bytes) {
  static constexpr std::array<std::pair<std::string_view, unsigned>, 4> kUnits = {
      {{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}}};
  for (const auto& [unit, shift] : kUnits)
    if (bytes != 0 && bytes % (std::uint64_t{1} << shift) == 0)
      return std::to_string(bytes >> shift) + std::string(unit);
  return std::to_string(bytes) + " bytes";
}

}  // namespace memattr
