#include "harness/benchmark_name.h"

#include <charconv>
#include <vector>

#include "memattr/label_value.h"

namespace memattr {
namespace {

constexpr std::string_view kRegionKey = "region:";
constexpr std::string_view kAttrKey = "attr:";
constexpr std::string_view kRealTime = "real_time";
constexpr std::string_view kThreadsKey = "threads:";

std::vector<std::string_view> SplitPath(std::string_view name) {
  std::vector<std::string_view> parts;
  while (true) {
    std::size_t slash = name.find('/');
    parts.push_back(name.substr(0, slash));
    if (slash == std::string_view::npos) return parts;
    name.remove_prefix(slash + 1);
  }
}

std::optional<std::string_view> Value(std::string_view segment, std::string_view key) {
  if (!segment.starts_with(key)) return std::nullopt;
  return segment.substr(key.size());
}

std::optional<int> ParseThreads(std::string_view segment) {
  auto value = Value(segment, kThreadsKey);
  int threads = 0;
  if (!value) return std::nullopt;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), threads);
  if (ec != std::errc() || end != value->data() + value->size() || threads < 1) return std::nullopt;
  return threads;
}

}  // namespace

std::string SanitizeNameSegment(std::string_view text) { return LabelValue(text); }

std::string BenchmarkFamilyName(const BenchmarkNameParts& parts) {
  return SanitizeNameSegment(parts.kernel) + "/" + std::string(kRegionKey) +
         SanitizeNameSegment(parts.region) + "/" + std::string(kAttrKey) +
         std::string(ToString(parts.attribute));
}

std::string BenchmarkFullName(const BenchmarkNameParts& parts) {
  return BenchmarkFamilyName(parts) + "/" + std::string(kRealTime) + "/" +
         std::string(kThreadsKey) + std::to_string(parts.threads);
}

std::optional<BenchmarkNameParts> ParseBenchmarkName(std::string_view name) {
  const std::vector<std::string_view> segments = SplitPath(name);
  if (segments.size() != 3 && segments.size() != 5) return std::nullopt;
  auto region = Value(segments[1], kRegionKey);
  auto attr_text = Value(segments[2], kAttrKey);
  if (segments[0].empty() || !region || region->empty() || !attr_text) return std::nullopt;
  auto attribute = ParseMemoryAttribute(*attr_text);
  if (!attribute) return std::nullopt;
  BenchmarkNameParts parts{std::string(segments[0]), std::string(*region), *attribute, 1};
  if (segments.size() == 3) return parts;
  auto threads = ParseThreads(segments[4]);
  if (segments[3] != kRealTime || !threads) return std::nullopt;
  parts.threads = *threads;
  return parts;
}

}  // namespace memattr
