// `memattr-host run --dry-run`: checks the scenario and reports what a run would start, creating
// nothing: QEMU's argv (with --connect, the domain XML instead), or for a nested scenario the
// L1 argv of each host kernel series. Notes (no image yet, skipped regions, what libvirt
// substitutes) come back as messages.
//   RunOutcome outcome = DryRunScenario({.scenario_file = "host-runner/scenarios/default.yaml"});
//   std::cout << outcome.report;
#pragma once

#include "run/run_options.h"
#include "run/run_outcome.h"

namespace memattr::host {

// kOk with the argv or XML as the report; refused (kBadInput) when the scenario, its layout
// or its domain is. results_dir (when set) is the one the argv names, else "RESULTS_DIR".
RunOutcome DryRunScenario(const RunOptions& options);
// The same for L1 of a nested run (run/nested_host_relay.h): the guest's argv with KVM.
RunOutcome DryRunAsNestedHost(const RunOptions& options);

}  // namespace memattr::host
