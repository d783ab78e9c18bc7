// CellExecutor: the three things the matrix runner asks of the bench core for one cell —
// map, probe, measure — behind an interface so tests can run the matrix without hardware.
// BenchCellExecutor (bench_cell_executor.h) is the real one.
#pragma once

#include <span>

#include "matrix/attribute_matrix.h"
#include "memattr/event_sink.h"
#include "memattr/mapped_region.h"
#include "memattr/outcome.h"
#include "memattr/probes.h"
#include "memattr/result.h"

namespace memattr::agent {

class CellExecutor {
 public:
  virtual ~CellExecutor() = default;
  virtual Result<MappedRegion> Map(const RegionSpec& spec, MemoryAttribute attribute) = 0;
  // Fault-isolated: a fault is an Outcome, never a crash of the agent.
  virtual Outcome Probe(const ProbeInfo& probe, std::span<std::byte> memory) = 0;
  // Runs `run` on `mapping`, emits one `measurement` event per run record to `sink`, and
  // returns the median real time per iteration in nanoseconds (the inference's timing).
  virtual Result<double> Measure(const MatrixCell& cell, const KernelRun& run,
                                 const MappedRegion& mapping, EventSink& sink) = 0;
};

}  // namespace memattr::agent
