// `memattr-host run SCENARIO`: a single run (the boot loop of run/boot_loop.h, launched directly
// or through libvirt), or for a scenario with `nested:` the nested run of run/nested_runner.h.
// The results directory holds the run; the outcome carries its summary and status.
//   RunOutcome outcome = RunScenario({.scenario_file = "host-runner/scenarios/default.yaml",
//                                     .progress = &std::cerr});
#pragma once

#include "run/run_options.h"
#include "run/run_outcome.h"

namespace memattr::host {

// Refused (kBadInput) before any boot: the scenario, a --label, --connect's libvirt, the image
// or the results directory; otherwise the run's status (run/run_outcome.h).
RunOutcome RunScenario(const RunOptions& options);

}  // namespace memattr::host
