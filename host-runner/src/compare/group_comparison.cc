#include "group_comparison.h"

#include <map>
#include <set>

#include "memattr/protocol/context_keys.h"

namespace memattr::compare {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
namespace keys = protocol::context_keys;

std::string Str(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// The values a group's runs have, one if they agree, else "mixed: X | Y".
std::string Agreed(const std::set<std::string>& values) {
  if (values.size() == 1) return *values.begin();
  std::string out = "mixed:";
  for (const std::string& v : values) out += (out.size() > 6 ? " | " : " ") + v;
  return out;
}

std::vector<fs::path> FleetResultsFiles(const fs::path& fleet_dir) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& host : fs::directory_iterator(fleet_dir, error))
    for (const auto& run : fs::directory_iterator(host.path(), error))
      if (fs::is_regular_file(run.path() / "results.json")) files.push_back(run.path());
  std::sort(files.begin(), files.end());
  return files;
}

// Verdicts or probes of every run, one entry per key with the agreed (or mixed) value.
json MergeOutcomes(const std::vector<RunResults>& runs, const char* list, bool probes) {
  std::map<std::string, json> first;
  std::map<std::string, std::set<std::string>> values, inferred;
  for (const RunResults& run : runs) {
    for (const json& item : run.results["memattr"].value(list, json::array())) {
      std::string key = Str(item, "region") + "/" + Str(item, "attribute");
      if (probes) key += "/" + Str(item, "probe");
      first.emplace(key, item);
      values[key].insert(probes ? Str(item.value("outcome", json::object()), "kind")
                                : Str(item, "verdict"));
      if (!probes) inferred[key].insert(Str(item, "inferred"));
    }
  }
  json out = json::array();
  for (auto& [key, item] : first) {
    if (probes) {
      item["outcome"] = {{"kind", Agreed(values[key])}};
    } else {
      item["verdict"] = Agreed(values[key]);
      item["inferred"] = Agreed(inferred[key]);
    }
    out.push_back(item);
  }
  return out;
}

}  // namespace

Result<LabelGroups> GroupFleetRuns(const fs::path& fleet_dir, const std::string& label,
                                   const std::string& scenario) {
  std::map<std::string, std::vector<RunResults>> by_scenario;
  for (const fs::path& dir : FleetResultsFiles(fleet_dir)) {
    Result<RunResults> run = LoadRunResults(dir);
    if (!run) return run.error();
    by_scenario[Str(run->results["context"], keys::kScenario)].push_back(*std::move(run));
  }
  if (by_scenario.empty()) return Error{fleet_dir.string() + ": no DIR/<host>/<run>/results.json"};
  std::string chosen = scenario;
  if (chosen.empty() && by_scenario.size() > 1)
    return Error{fleet_dir.string() + ": runs of " + std::to_string(by_scenario.size()) +
                 " scenarios; choose one with --scenario"};
  if (chosen.empty()) chosen = by_scenario.begin()->first;
  if (!by_scenario.count(chosen))
    return Error{fleet_dir.string() + ": no run of scenario '" + chosen + "'"};
  std::map<std::string, std::vector<RunResults>> groups;
  for (RunResults& run : by_scenario[chosen]) {
    const json labels = run.results["memattr"].value("labels", json::object());
    const std::string value = Str(labels, label.c_str());
    if (value.empty())
      return Error{run.source.string() + ": no label '" + label + "' (memattr.labels)"};
    groups[value].push_back(std::move(run));
  }
  if (groups.size() != 2) {
    std::string list;
    for (const auto& [value, runs] : groups) list += (list.empty() ? "" : ", ") + value;
    return Error{"--group-by " + label + ": want exactly two values among the hosts, found " +
                 std::to_string(groups.size()) + " (" + list + ")"};
  }
  auto it = groups.begin();
  LabelGroups out{.label = label,
                  .value_a = it->first,
                  .value_b = std::next(it)->first,
                  .runs_a = std::move(it->second),
                  .runs_b = std::move(std::next(it)->second)};
  return out;
}

RunResults MergeGroup(const std::vector<RunResults>& runs, const std::string& source) {
  json merged = runs.front().results;
  std::map<std::string, std::set<std::string>> context;
  merged["benchmarks"] = json::array();
  for (const RunResults& run : runs) {
    for (const json& b : run.results["benchmarks"]) merged["benchmarks"].push_back(b);
    for (const auto& [key, value] : run.results["context"].items())
      if (value.is_string()) context[key].insert(value.get<std::string>());
  }
  for (const auto& [key, values] : context) merged["context"][key] = Agreed(values);
  merged["memattr"]["verdicts"] = MergeOutcomes(runs, "verdicts", false);
  merged["memattr"]["probes"] = MergeOutcomes(runs, "probes", true);
  return RunResults{.source = source, .results = std::move(merged)};
}

}  // namespace memattr::compare
