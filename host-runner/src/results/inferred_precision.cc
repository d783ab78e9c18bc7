#include "results/inferred_precision.h"

#include <algorithm>

#include "memattr/protocol/vocabulary.h"

namespace memattr::host {

std::string_view PartialTypeNote(std::string_view inferred) {
  const std::optional<protocol::EffectiveType> type =
      protocol::Parse<protocol::EffectiveType>(inferred);
  if (type == protocol::EffectiveType::kNormal)
    return "Normal memory; Write-Back vs Non-cacheable not observed (no timing here separates "
           "them, e.g. under TCG)";
  if (type == protocol::EffectiveType::kUncached)
    return "not cacheable by the clock; Normal-NC vs Device not observed (no alignment evidence, "
           "no Device reference)";
  return "";
}

std::vector<std::string> PartialTypeLegend(const nlohmann::json& verdicts) {
  std::vector<std::string> seen, legend;
  for (const auto& v : verdicts) {
    const std::string inferred = v.is_object() ? v.value("inferred", "") : "";
    if (PartialTypeNote(inferred).empty() ||
        std::find(seen.begin(), seen.end(), inferred) != seen.end())
      continue;
    seen.push_back(inferred);
    legend.push_back(inferred + ": " + std::string(PartialTypeNote(inferred)));
  }
  return legend;
}

}  // namespace memattr::host
