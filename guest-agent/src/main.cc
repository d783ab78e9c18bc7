// memattr-agent: discover memory regions, run the attribute matrix on them, infer what each
// mapping really behaves as, and stream it all as JSON Lines (bench/docs/result_events.md).
// Exit: 0 ok, 1 failed run or unusable output, 2 bad manifest or flags.
#include <unistd.h>

#include <iostream>

#include "agent.h"
#include "agent_options.h"
#include "events/event_destination.h"
#include "matrix/bench_cell_executor.h"

int main(int argc, char** argv) {
  using namespace memattr::agent;
  const ParsedOptions parsed = ParseAgentOptions(argc, argv);
  if (parsed.exit_code >= 0) return parsed.exit_code;
  if (!parsed.options.listen.empty()) {
    std::cerr << "memattr-agent: --listen: this build has no Prometheus exporter (prometheus-cpp)\n";
    return kExitBadManifest;
  }
  auto plan = PrepareAgentPlan(parsed.options);
  if (!plan) {
    std::cerr << "memattr-agent: " << plan.error().message << "\n";
    return kExitBadManifest;
  }
  auto destination = OpenEventDestination({parsed.options.output, plan->manifest.virtio_port,
                                           parsed.options.sysfs_root, parsed.options.dev_root});
  if (!destination) {
    std::cerr << "memattr-agent: " << destination.error().message << "\n";
    return kExitFailed;
  }
  memattr::JsonLinesSink sink(destination->fd);
  BenchCellExecutor executor({.min_time_seconds = plan->manifest.min_time_seconds,
                              .repetitions = plan->manifest.repetitions,
                              .probe_options = {}});
  const AgentSummary summary = RunAgent(*plan, executor, sink);
  if (destination->owned) ::close(destination->fd);
  if (summary.exit_code != kExitOk) std::cerr << "memattr-agent: " << summary.reason << "\n";
  return summary.exit_code;
}
