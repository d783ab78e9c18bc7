// Runs a fleet's pairs: each (host, scenario) is a child `memattr-host run SCENARIO --connect
// URI --results DIR/<host>/<scenario>` (the one run path; a host whose run crashes or hangs takes
// down its own process only), up to `concurrency` hosts at once, each host's scenarios one after
// the other. Unfinished pairs of an earlier fleet run resume (--resume), finished ones stay.
//   FleetRunner runner(fleet, dir, {.memattr_host = "/proc/self/exe"});
//   std::vector<FleetPair> pairs = runner.Run();  // every pair's exit code and reason
#pragma once

#include <filesystem>
#include <ostream>
#include <vector>

#include "fleet/fleet.h"
#include "fleet/fleet_pairs.h"
#include "memattr/result.h"

namespace memattr::host {

struct FleetRunOptions {
  std::filesystem::path memattr_host = "/proc/self/exe";  // the binary each pair runs
  std::ostream* progress = nullptr;                       // one line per pair started/ended
};

// Locks DIR (a second fleet run into it is refused), plans the pairs, runs the unfinished ones
// and writes DIR/fleet.json after each. Errors: DIR cannot be created or is locked, a name
// would leave DIR. SIGINT/SIGTERM: running pairs get SIGTERM (their runs stop as `run` does),
// nothing new starts.
Result<std::vector<FleetPair>> RunFleet(const Fleet& fleet, const std::filesystem::path& dir,
                                        const FleetRunOptions& options);

// The child's argv for one pair (exposed for tests).
std::vector<std::string> PairArgv(const Fleet& fleet, const FleetPair& pair,
                                  const std::filesystem::path& memattr_host);

}  // namespace memattr::host
