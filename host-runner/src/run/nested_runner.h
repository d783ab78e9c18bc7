// `memattr-host run` of a scenario with `nested:` (issue 9), run by L0: for each host kernel
// series, boots the emulated arm64 host (L1) image host-image-<series> under TCG with EL2; the
// arm64 memattr-host in L1 (run/nested_host_relay.h) runs the scenario's guest (L2) with KVM
// and relays every event and its results.json up. Each series gets RESULTS/host-<series>/ (a
// normal results directory whose facts are L1's: host kernel, cap 243, VmFlags); with two or
// more, the first is compared with each other one (`memattr-host compare`) in the report.
//   RunOutcome outcome = RunNestedScenario(options, scenario);
#pragma once

#include "run/run_options.h"
#include "run/run_outcome.h"
#include "scenario/scenario.h"

namespace memattr::host {

inline constexpr char kDefaultHostImagesDir[] = "build";

// The image directory of one L1 kernel series: <host_images or build>/host-image-<series>.
std::filesystem::path HostImageDir(const NestedHostConfig& nested, const std::string& series);

// --dry-run: the L1 argv of each host kernel series (L2's argv is L1's memattr-host's business).
// REQUIRES: scenario.nested.
RunOutcome DryRunNestedScenario(const RunOptions& options, const Scenario& scenario);

// The status is the worst of the per-series runs; when everything ran, a compare that found a
// change does not change it (the change is the point of the A/B): it is in the report. A
// series that stops early says why on options.progress, and the next one runs. The outcome
// names no results directory (each series has its own). REQUIRES: scenario.nested.
RunOutcome RunNestedScenario(const RunOptions& options, const Scenario& scenario);

}  // namespace memattr::host
