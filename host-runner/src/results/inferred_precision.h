// What a partially observed `inferred` value of a verdict leaves open, for the summary and the
// report to say next to it (results_format.md: "normal", "uncached").
//   PartialTypeNote("normal") == "Normal memory; Write-Back vs Non-cacheable not observed ..."
//   PartialTypeNote("normal-wb") == ""
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace memattr::host {

// "" for a fully observed type ("normal-wb", "normal-nc", "device") and "unknown".
std::string_view PartialTypeNote(std::string_view inferred);

// One "VALUE: NOTE" line per partial value that `verdicts` (results.json's memattr.verdicts)
// use, in first-use order.
std::vector<std::string> PartialTypeLegend(const nlohmann::json& verdicts);

}  // namespace memattr::host
