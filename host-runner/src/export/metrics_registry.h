// Turns RunMetrics into a prometheus::Registry holding every memattr metric (metric_names.h).
// One registry may hold several runs (e.g. the latest run per scenario and host kernel); each
// series carries the run's labels (scenario, host, host_kernel, guest_kernel, accel).
//   auto registry = BuildRegistry({run});
//   exposer.RegisterCollectable(registry);  gateway.RegisterCollectable(registry);
#pragma once

#include <prometheus/registry.h>

#include <memory>
#include <span>

#include "run_metrics.h"

namespace memattr::host_export {

// Families are created once here; a family with no series (e.g. no exclusive kernel ran) is
// still registered and collects nothing. Two runs with identical run labels: the later wins.
std::shared_ptr<prometheus::Registry> BuildRegistry(std::span<const RunMetrics> runs);

// The outcome kinds a probe gauge is written for (memattr/protocol/vocabulary.h wire names),
// and the verdicts (bench/docs/result_events.md).
std::span<const std::string_view> OutcomeKinds();
std::span<const std::string_view> VerdictKinds();

}  // namespace memattr::host_export
