// The boot loop of a run of one scenario, the same for a single run and for L1 of a nested
// run: boots the guest, records every event, and after a crash or a hang boots it again with a
// manifest that skips the cells already started (including the one that took it down) until
// the matrix is done or max_restarts is reached; then writes the run's end and its summary.
//   Result<RunPlan> plan = MakePlan(options, scenario);
//   RunOutcome outcome = RunBootLoop(*plan, options);
#pragma once

#include "memattr/result.h"
#include "results/results_dir.h"
#include "run/run_options.h"
#include "run/run_outcome.h"
#include "run/run_plan.h"

namespace memattr::host {

class LibvirtSession;

// What a mode adds around the loop (L1 of a nested run: the relay to L0).
class BootLoopHooks {
 public:
  virtual ~BootLoopHooks() = default;
  // Once the results directory exists, before anything boots; an error refuses the run.
  virtual Status BeforeFirstBoot(ResultsDir& dir) = 0;
  // After the loop, however it ended.
  virtual void AfterLastBoot(ResultsDir& dir, RunStatus status) = 0;
};

// Loads the plan's guest image, creates the results directory (options.results_dir, else
// results/<scenario>-<time>) and the event sockets, then runs the loop. `libvirt` (optional,
// opened for this plan): each boot is a domain of that libvirt host. The outcome's report is
// the run's summary; refused (kBadInput) when the image, the results directory or the guest
// layout is; kWriteFailed at the first results file that could not be written.
RunOutcome RunBootLoop(const RunPlan& plan, const RunOptions& options,
                       LibvirtSession* libvirt = nullptr, BootLoopHooks* hooks = nullptr);

}  // namespace memattr::host
