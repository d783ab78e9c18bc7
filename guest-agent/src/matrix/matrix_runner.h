// Runs a MatrixPlan: every cell's probes first (quick; they say what is safe), then kernels,
// announcing each risky step with a flushed probe_begin / measurement_begin event so the host
// can attribute a guest that dies. Kernels whose guarding probe broke are skipped with the
// reason; nothing new starts once the time budget is spent. Outcomes the host observed
// (manifest host_outcomes) are streamed first, as probe outcomes, and count as evidence.
//   MatrixResults r = RunMatrix(plan, executor, sink, {.time_budget_seconds = 600});
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "inference/effective_type_inference.h"
#include "matrix/attribute_matrix.h"
#include "matrix/cell_executor.h"
#include "memattr/event_sink.h"

namespace memattr::agent {

struct MatrixRunOptions {
  std::optional<double> time_budget_seconds;
  // Seconds since the run started; injectable so tests can spend the budget.
  std::function<double()> elapsed_seconds;
};

struct CellResult {
  std::size_t cell_index = 0;
  bool mapped = false;
  std::vector<ProbeEvidence> probes;
  std::map<std::pair<std::string, int>, double> ns_per_iteration;  // (kernel, threads)
};

struct MatrixResults {
  std::vector<CellResult> cells;  // parallel to plan.cells
  int skipped_cells = 0;          // cell_skipped events written
  int failed_cells = 0;           // map errors, measurement errors
  bool budget_exhausted = false;
};

MatrixResults RunMatrix(const MatrixPlan& plan, CellExecutor& executor, EventSink& sink,
                        const MatrixRunOptions& options);

// A manifest host outcome as probe evidence: stage2-fault is a fault without a guest signal
// (Device behaviour, like SIGBUS BUS_ADRALN in the guest), timeout a timeout, guest-crashed an
// error (no evidence). Streamed as probe_outcome with "source": "host-observed".
ProbeEvidence HostObservedEvidence(const ManifestHostOutcome& host);

// Why `kernel` must not run after these probe outcomes ("" = it may run). A probe that broke
// guards the kernels that use the same instructions: dc zva, atomics, exclusives; a timeout
// or a fault of any other probe guards every kernel.
std::string KernelGuardReason(const KernelInfo& kernel, const std::vector<ProbeEvidence>& probes);

}  // namespace memattr::agent
