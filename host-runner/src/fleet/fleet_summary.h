// A fleet's results side by side: the host x (region, attribute) verdict grid, and the hosts
// whose verdicts or probe outcomes differ from the majority of hosts that have the same cell
// (an outlier host is what a qualification is looking for).
//   FleetSummary s = SummarizeFleet(pairs);
//   PrintFleetSummary(s, std::cout);
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "fleet/fleet_pairs.h"

namespace memattr::host {

struct FleetDifference {
  std::string host, scenario;
  std::string what;      // "bar0/normal-nc verdict" or "bar0/device probe unaligned_load_8"
  std::string value;     // this host's
  std::string majority;  // most hosts'
};

struct FleetSummary {
  std::vector<std::string> hosts;    // fleet order
  std::vector<std::string> columns;  // "scenario: region/attribute", sorted
  // grid[host][column] = verdict ("as-expected", "degraded", ...); absent: no verdict there.
  std::map<std::string, std::map<std::string, std::string>> grid;
  std::map<std::string, std::string> missing;  // host -> why it has no results (pair reason)
  std::vector<FleetDifference> differences;    // sorted by host
};

FleetSummary SummarizeFleet(const std::vector<FleetPair>& pairs);
void PrintFleetSummary(const FleetSummary& summary, std::ostream& out);
// {"hosts": [...], "columns": [...], "grid": {...}, "outliers": [...], "missing": {...}}
nlohmann::json FleetSummaryJson(const FleetSummary& summary);

}  // namespace memattr::host
