// `memattr-host run SCENARIO --as-nested-host --relay PORT`: L1 of a nested run, inside the
// emulated arm64 host. Runs the scenario's guest (L2) with KVM through the boot loop, its
// `nested` ignored, and relays every event line and each results.json up to L0 through the
// virtio port, ending with nested_run_end and this run's exit code.
//   RunOutcome outcome = RunAsNestedHost(options, "memattr.events");
#pragma once

#include <string>

#include "run/run_options.h"
#include "run/run_outcome.h"
#include "run/run_plan.h"

namespace memattr::host {

// What L1 runs: the scenario with KVM, its `nested` ignored. Errors as MakePlan's.
Result<RunPlan> PlanAsNestedHost(const RunOptions& options);

// As RunScenario (run/scenario_runner.h); also refused when the port cannot be opened.
RunOutcome RunAsNestedHost(const RunOptions& options, const std::string& relay_port);

}  // namespace memattr::host
