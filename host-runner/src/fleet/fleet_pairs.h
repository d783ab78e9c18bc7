// The (host, scenario) pairs of a fleet run and where each stands in the fleet directory:
// DIR/<host>/<scenario>/ is the pair's results directory (memattr-host run's), DIR/<host>/
// <scenario>.log what its run printed, DIR/fleet.json the outcome of every pair so far.
//   std::vector<FleetPair> pairs = PlanFleetPairs(fleet, dir);
//   if (pairs[0].state == PairState::kFinished) ... not run again ...
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fleet/fleet.h"
#include "memattr/result.h"

namespace memattr::host {

enum class PairState {
  kNotStarted,  // no results directory (or an empty one): run it
  kIncomplete,  // a run began and did not write its end, or the fleet was interrupted while it
                // ran (fleet.json says so): run it with --resume
  kFinished,    // results.json with a final memattr.status: a rerun leaves it
};

struct FleetPair {
  const FleetHost* host = nullptr;
  const FleetScenario* scenario = nullptr;
  std::filesystem::path results_dir;  // DIR/<host>/<scenario>
  std::filesystem::path log;          // DIR/<host>/<scenario>.log
  PairState state = PairState::kNotStarted;
  // Outcome: of this fleet run, or of the earlier one that finished it (fleet.json).
  int exit_code = -1;    // -1: not run (yet)
  std::string reason;    // why it failed: the last line its run printed
  double seconds = 0;    // wall time of its run
  bool resumed = false;  // this fleet run continued an incomplete run
  bool earlier = false;  // finished by an earlier fleet run into the same directory
  // Stopped by SIGINT/SIGTERM to the fleet: its run wrote an end, yet a rerun resumes it.
  bool interrupted = false;
};

// Every (host, scenario) in fleet order, paths checked with PathUnder, states read from disk,
// outcomes of finished pairs taken from the earlier DIR/fleet.json when there is one.
Result<std::vector<FleetPair>> PlanFleetPairs(const Fleet& fleet, const std::filesystem::path& dir);

// DIR/fleet.json: the fleet file, the wall time so far and every pair's outcome.
nlohmann::json FleetRecord(const Fleet& fleet, const std::vector<FleetPair>& pairs,
                           double wall_seconds);
inline constexpr char kFleetRecordFile[] = "fleet.json";

// The fleet's exit code (host-runner/docs/fleet_format.md): 0 when every pair exited 0, else
// the most severe code any pair had: 74 (results not written) > 2 (bad input, unreachable
// host) > 124 (timed out) > 1 (degraded, unsafe or failed; also a run killed by a signal).
int FleetExitCode(const std::vector<FleetPair>& pairs);

}  // namespace memattr::host
