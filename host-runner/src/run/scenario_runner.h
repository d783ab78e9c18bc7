// `memattr-host run`: scenario -> checks -> guest boot(s) -> results directory -> summary.
// Restarts a crashed or hung guest with a manifest that skips the cells already started
// (including the one that crashed it) until the matrix is done or max_restarts is reached.
//   int code = RunScenarioCommand({.scenario_file = "host-runner/scenarios/default.yaml"});
#pragma once

#include <filesystem>

#include "run/run_options.h"
#include "run/run_outcome.h"

namespace memattr::host {

// Runs (or with dry_run, validates and prints the argv); returns the exit code.
// `results_dir_used` (optional) receives the results directory actually written.
int RunScenarioCommand(const RunOptions& options,
                       std::filesystem::path* results_dir_used = nullptr);

}  // namespace memattr::host
