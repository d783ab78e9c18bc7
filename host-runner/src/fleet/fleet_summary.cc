#include "fleet/fleet_summary.h"

#include <algorithm>
#include <iomanip>
#include <set>

#include "results/results_reader.h"

namespace memattr::host {
namespace {

using json = nlohmann::json;
// column (or probe key) -> host -> value
using Observations = std::map<std::string, std::map<std::string, std::string>>;

std::string Field(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// A probe's outcome kind, or what the host observed when the probe took the boot down.
std::string OutcomeOf(const json& probe) {
  const std::string host_outcome = Field(probe, "host_outcome");
  if (!host_outcome.empty()) return host_outcome;
  const auto outcome = probe.find("outcome");
  return outcome != probe.end() && outcome->is_object() ? Field(*outcome, "kind") : "";
}

void Observe(const std::string& host, const std::string& scenario, const json& memattr,
             Observations& verdicts, Observations& probes) {
  for (const json& v : memattr.value("verdicts", json::array()))
    if (v.is_object())
      verdicts[scenario + ": " + Field(v, "region") + "/" + Field(v, "attribute")][host] =
          Field(v, "verdict");
  for (const json& p : memattr.value("probes", json::array()))
    if (p.is_object())
      probes[scenario + ": " + Field(p, "region") + "/" + Field(p, "attribute") + " probe " +
             Field(p, "probe")][host] = OutcomeOf(p);
}

// The value most hosts have; none when there is no strict majority (a tie names no outlier).
std::string Majority(const std::map<std::string, std::string>& by_host) {
  std::map<std::string, int> counts;
  for (const auto& [host, value] : by_host) ++counts[value];
  const auto best =
      std::max_element(counts.begin(), counts.end(),
                       [](const auto& a, const auto& b) { return a.second < b.second; });
  return best->second * 2 > static_cast<int>(by_host.size()) ? best->first : "";
}

void FindDifferences(const Observations& observed, const std::string& kind,
                     std::vector<FleetDifference>& out) {
  for (const auto& [key, by_host] : observed) {
    if (by_host.size() < 2) continue;
    const std::string majority = Majority(by_host);
    if (majority.empty()) continue;
    for (const auto& [host, value] : by_host)
      if (value != majority)
        out.push_back({.host = host,
                       .scenario = key.substr(0, key.find(':')),
                       .what = key.substr(key.find(": ") + 2) + (kind.empty() ? "" : " " + kind),
                       .value = value,
                       .majority = majority});
  }
}

}  // namespace

FleetSummary SummarizeFleet(const std::vector<FleetPair>& pairs) {
  FleetSummary s;
  Observations verdicts, probes;
  for (const FleetPair& p : pairs) {
    const std::string& host = p.host->name;
    if (std::find(s.hosts.begin(), s.hosts.end(), host) == s.hosts.end()) s.hosts.push_back(host);
    const Result<ResultsDocument> doc = ReadResultsDocument(p.results_dir);
    if (!doc || !doc->json.contains("memattr")) {
      s.missing[host] += (s.missing[host].empty() ? "" : "; ") + p.scenario->name + ": " +
                         (p.reason.empty() ? std::string("no results.json") : p.reason);
      continue;
    }
    Observe(host, p.scenario->name, doc->json["memattr"], verdicts, probes);
  }
  for (const auto& [column, by_host] : verdicts) {
    s.columns.push_back(column);
    for (const auto& [host, verdict] : by_host) s.grid[host][column] = verdict;
  }
  FindDifferences(verdicts, "verdict", s.differences);
  FindDifferences(probes, "", s.differences);
  std::stable_sort(
      s.differences.begin(), s.differences.end(),
      [](const FleetDifference& a, const FleetDifference& b) { return a.host < b.host; });
  return s;
}

void PrintFleetSummary(const FleetSummary& s, std::ostream& out) {
  std::size_t width = 4;
  for (const std::string& c : s.columns) width = std::max(width, c.size());
  out << "\nfleet verdicts (host x region/attribute)\n" << std::left << std::setw(width + 2) << "";
  for (const std::string& h : s.hosts)
    out << std::setw(std::max<std::size_t>(h.size(), 12) + 2) << h;
  out << "\n";
  const auto cell = [&](const std::string& host, const std::string& column) -> std::string {
    const auto row = s.grid.find(host);
    if (row == s.grid.end()) return "-";
    const auto it = row->second.find(column);
    return it == row->second.end() ? "-" : it->second;
  };
  for (const std::string& c : s.columns) {
    out << std::setw(width + 2) << c;
    for (const std::string& h : s.hosts)
      out << std::setw(std::max<std::size_t>(h.size(), 12) + 2) << cell(h, c);
    out << "\n";
  }
  for (const auto& [host, why] : s.missing)
    out << "no results from " << host << ": " << why << "\n";
  std::set<std::string> outliers;
  for (const FleetDifference& d : s.differences) outliers.insert(d.host);
  if (outliers.empty()) {
    out << "outlier hosts: none (every host with results agrees with the majority)\n";
    return;
  }
  out << "outlier hosts:";
  for (const std::string& h : outliers) out << " " << h;
  out << "\n";
  for (const FleetDifference& d : s.differences)
    out << "  " << d.host << ": " << d.scenario << " " << d.what << ": " << d.value
        << " (majority: " << d.majority << ")\n";
}

nlohmann::json FleetSummaryJson(const FleetSummary& s) {
  json outliers = json::array();
  for (const FleetDifference& d : s.differences)
    outliers.push_back({{"host", d.host},
                        {"scenario", d.scenario},
                        {"what", d.what},
                        {"value", d.value},
                        {"majority", d.majority}});
  return {{"hosts", s.hosts},
          {"columns", s.columns},
          {"grid", s.grid},
          {"missing", s.missing},
          {"outliers", outliers}};
}

}  // namespace memattr::host
