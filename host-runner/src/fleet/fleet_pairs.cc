#include "fleet/fleet_pairs.h"

#include <algorithm>
#include <array>
#include <fstream>

#include "memattr/protocol/context_keys.h"
#include "results/path_under.h"
#include "results/results_reader.h"
#include "run/run_outcome.h"

namespace memattr::host {
namespace {

namespace fs = std::filesystem;
namespace keys = protocol::context_keys;

PairState ReadPairState(const fs::path& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error) || fs::is_empty(dir, error)) return PairState::kNotStarted;
  const Result<ResultsDocument> doc = ReadResultsDocument(dir);
  if (!doc) return PairState::kIncomplete;
  const nlohmann::json& context = doc->json["context"];
  const auto status = context.find(keys::kStatus);
  const bool done = status != context.end() && status->is_string() && *status != "incomplete";
  return done ? PairState::kFinished : PairState::kIncomplete;
}

// The pair's entry in an earlier fleet.json; empty when it has none.
nlohmann::json EarlierRecord(const nlohmann::json& record, const FleetPair& p) {
  for (const nlohmann::json& r : record["pairs"])
    if (r.is_object() && r.value("host", "") == p.host->name &&
        r.value("scenario", "") == p.scenario->name)
      return r;
  return nlohmann::json::object();
}

// The earlier fleet.json's record of each finished pair: its exit code and reason.
void TakeEarlierOutcomes(const fs::path& dir, std::vector<FleetPair>& pairs) {
  std::ifstream in(dir / kFleetRecordFile);
  nlohmann::json record = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!record.is_object() || !record["pairs"].is_array()) return;
  for (FleetPair& p : pairs) {
    if (p.state != PairState::kFinished) continue;
    if (EarlierRecord(record, p).value("interrupted", false)) {
      p.state = PairState::kIncomplete;
      continue;
    }
    p.earlier = true;
    p.exit_code = kExitFailed;  // unless the earlier record says otherwise
    p.reason = "finished by an earlier fleet run (no record of its exit code)";
    const nlohmann::json r = EarlierRecord(record, p);
    if (r.empty()) continue;
    p.exit_code = r.value("exit_code", kExitFailed);
    p.reason = r.value("reason", "");
    p.seconds = r.value("seconds", 0.0);
  }
}

}  // namespace

Result<std::vector<FleetPair>> PlanFleetPairs(const Fleet& fleet, const fs::path& dir) {
  std::vector<FleetPair> pairs;
  for (const FleetHost& host : fleet.hosts) {
    Result<fs::path> host_dir = PathUnder(dir, host.name);
    if (!host_dir) return host_dir.error();
    for (const FleetScenario& scenario : fleet.scenarios) {
      Result<fs::path> results = PathUnder(*host_dir, scenario.name);
      Result<fs::path> log = PathUnder(*host_dir, scenario.name + ".log");
      if (!results) return results.error();
      if (!log) return log.error();
      FleetPair pair;
      pair.host = &host;
      pair.scenario = &scenario;
      pair.results_dir = *results;
      pair.log = *log;
      pair.state = ReadPairState(*results);
      pairs.push_back(std::move(pair));
    }
  }
  TakeEarlierOutcomes(dir, pairs);
  return pairs;
}

nlohmann::json FleetRecord(const Fleet& fleet, const std::vector<FleetPair>& pairs,
                           double wall_seconds) {
  nlohmann::json out{{"fleet", fleet.file.string()},
                     {"concurrency", fleet.concurrency},
                     {"wall_seconds", wall_seconds},
                     {"pairs", nlohmann::json::array()}};
  for (const FleetPair& p : pairs) {
    nlohmann::json r{{"host", p.host->name},         {"uri", p.host->uri},
                     {"scenario", p.scenario->name}, {"results", p.results_dir.string()},
                     {"exit_code", p.exit_code},     {"reason", p.reason},
                     {"seconds", p.seconds},         {"resumed", p.resumed},
                     {"earlier", p.earlier},         {"interrupted", p.interrupted},
                     {"labels", p.host->labels}};
    out["pairs"].push_back(std::move(r));
  }
  out["exit_code"] = FleetExitCode(pairs);
  return out;
}

int FleetExitCode(const std::vector<FleetPair>& pairs) {
  static constexpr std::array kSeverity{kExitWriteFailed, kExitBadInput, kExitTimeout};
  for (int code : kSeverity)
    if (std::any_of(pairs.begin(), pairs.end(),
                    [&](const FleetPair& p) { return p.exit_code == code; }))
      return code;
  const bool all_ok = std::all_of(pairs.begin(), pairs.end(),
                                  [](const FleetPair& p) { return p.exit_code == kExitOk; });
  return all_ok ? kExitOk : kExitFailed;
}

}  // namespace memattr::host
