// The HTML report of a fleet directory (`memattr-host report FLEETDIR`): every (host, scenario)
// pair's outcome from DIR/fleet.json, the host x region/attribute verdict grid, the outlier
// hosts and the hosts without results from DIR/fleet-summary.json (both written by
// `memattr-host fleet`, host-runner/docs/fleet_format.md). Self-contained, like a run's report.
//   std::string html = RenderFleetHtmlReport(fleet_json, summary_json);
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace memattr::report {

inline constexpr char kFleetSummaryFile[] = "fleet-summary.json";
inline constexpr char kFleetRecordFile[] = "fleet.json";

// True when `dir` is a fleet directory (it holds fleet-summary.json).
bool IsFleetDirectory(const std::filesystem::path& dir);

std::string RenderFleetHtmlReport(const nlohmann::json& fleet, const nlohmann::json& summary);

}  // namespace memattr::report
