// The table printed at the end of a run: one row per verdict (region, requested type,
// inferred type, verdict, key figures), then skipped regions and failures.
//   std::cout << RenderRunSummary(results.ToJson());
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace memattr::host {

// `results` is results.json as ResultsFile::ToJson() produces it.
std::string RenderRunSummary(const nlohmann::json& results);

// True when all is as expected: no failure, and at least one verdict, none degraded/unsafe.
bool ResultsAsExpected(const nlohmann::json& results);

}  // namespace memattr::host
