// RunAgent: the whole run — manifest, discovery, matrix, inference — streaming events as it
// goes: run_start, region_found/skipped, cell_skipped, probe_begin/outcome,
// measurement_begin/measurement, verdict, run_end. A run without run_end is a failed run.
//   AgentRun run = PrepareAgentRun(options);     // exit 2 on a bad manifest
//   int code = RunAgent(*run, executor, sink);
#pragma once

#include <string>
#include <vector>

#include "agent_options.h"
#include "discovery/region_discovery.h"
#include "events/run_facts.h"
#include "manifest/manifest.h"
#include "matrix/attribute_matrix.h"
#include "matrix/cell_executor.h"
#include "memattr/event_sink.h"
#include "memattr/result.h"

namespace memattr::agent {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitBadManifest = 2;

// What the run will do, resolved before any event is written.
struct AgentPlan {
  AgentOptions options;
  Manifest manifest;
  std::vector<const KernelInfo*> kernels;
  std::vector<const ProbeInfo*> probes;
};

// Loads the manifest and resolves its kernel and probe names against the catalogues.
// Errors (exit 2) name the source and field: "m.json: kernels[1]: unknown kernel 'x' (known: ...)".
Result<AgentPlan> PrepareAgentPlan(const AgentOptions& options);

struct AgentSummary {
  int exit_code = kExitOk;
  std::string status;  // "ok" / "failed"
  std::string reason;
};

// Runs everything and ends the stream with run_end. `discovery.run_command` may be replaced
// by tests; the sysfs/dev roots come from the plan's options.
AgentSummary RunAgent(const AgentPlan& plan, CellExecutor& executor, EventSink& sink,
                      const CommandRunner& run_command = RunCommand);

}  // namespace memattr::agent
