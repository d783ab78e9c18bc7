// memattr-agent: discover memory regions, run the attribute matrix on them, infer what each
// mapping really behaves as, and stream it all as JSON Lines (bench/docs/result_events.md).
// Exit: 0 ok, 1 failed run or unusable output, 2 bad manifest or flags.
#include <unistd.h>

#include <csignal>
#include <iostream>

#include "agent.h"
#include "agent_options.h"
#include "matrix/bench_cell_executor.h"
#include "memattr/protocol/event_channel.h"
#ifdef MEMATTR_AGENT_WITH_PROMETHEUS
#include "events/metrics_sink.h"
#endif

namespace {

using namespace memattr::agent;

#ifdef MEMATTR_AGENT_WITH_PROMETHEUS
// --listen: the run's events also become metrics, served until SIGINT/SIGTERM after run_end.
int RunListening(const AgentPlan& plan, CellExecutor& executor, memattr::EventSink& sink) {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);  // before the server's threads start: they inherit it
  auto registry = std::make_shared<prometheus::Registry>();
  auto server = StartMetricsServer(plan.options.listen, registry);
  if (!server) {
    std::cerr << "memattr-agent: " << server.error().message << "\n";
    return kExitBadManifest;
  }
  std::cerr << "memattr-agent: metrics on http://" << plan.options.listen << "/metrics (port "
            << (*server)->GetListeningPorts().at(0) << ")\n";
  std::map<std::string, std::string> labels;
  for (const char* key : {"scenario", "host_kernel"})
    if (plan.manifest.labels.count(key)) labels[key] = plan.manifest.labels.at(key);
  MetricsSink metrics(sink, registry, labels);
  const AgentSummary summary = RunAgent(plan, executor, metrics);
  std::cerr << "memattr-agent: run " << summary.status
            << "; serving metrics until SIGINT/SIGTERM\n";
  int signal = 0;
  sigwait(&stop, &signal);
  return summary.exit_code;
}
#else
int RunListening(const AgentPlan&, CellExecutor&, memattr::EventSink&) {
  std::cerr << "memattr-agent: --listen: built without prometheus-cpp (arm64 cross build)\n";
  return kExitBadManifest;
}
#endif

}  // namespace

int main(int argc, char** argv) {
  const ParsedOptions parsed = ParseAgentOptions(argc, argv);
  if (parsed.exit_code >= 0) return parsed.exit_code;
  auto plan = PrepareAgentPlan(parsed.options);
  if (!plan) {
    std::cerr << "memattr-agent: " << plan.error().message << "\n";
    return kExitBadManifest;
  }
  auto destination =
      memattr::protocol::OpenEventDestination({parsed.options.output, plan->manifest.virtio_port,
                                               parsed.options.sysfs_root, parsed.options.dev_root});
  if (!destination) {
    std::cerr << "memattr-agent: " << destination.error().message << "\n";
    return kExitFailed;
  }
  memattr::JsonLinesSink sink(destination->fd);
  BenchCellExecutor executor({.min_time_seconds = plan->manifest.min_time_seconds,
                              .repetitions = plan->manifest.repetitions,
                              .probe_options = {},
                              .tuning = {.chase_stride_bytes = plan->manifest.chase_stride_bytes}});
  int code = kExitOk;
  if (!parsed.options.listen.empty()) {
    code = RunListening(*plan, executor, sink);
  } else {
    const AgentSummary summary = RunAgent(*plan, executor, sink);
    if (summary.exit_code != kExitOk) std::cerr << "memattr-agent: " << summary.reason << "\n";
    code = summary.exit_code;
  }
  if (destination->owned) ::close(destination->fd);
  return code;
}
