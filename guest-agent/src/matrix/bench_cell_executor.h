// BenchCellExecutor: the real CellExecutor — MapRegion for mappings, RunProbe (fault
// isolated) for probes, and Google Benchmark through bench/harness (PlanRunner +
// EventReporter) for kernels, one cell at a time.
//   BenchCellExecutor executor({.min_time_seconds = 0.1, .repetitions = 3});
#pragma once

#include "matrix/cell_executor.h"
#include "memattr/kernel_runner.h"

namespace memattr::agent {

struct BenchSettings {
  double min_time_seconds = 0.1;
  int repetitions = 3;
  ProbeOptions probe_options;
  KernelTuning tuning;  // manifest chase_stride_bytes, ...
};

class BenchCellExecutor : public CellExecutor {
 public:
  // Initialises Google Benchmark once per process with these settings as its flags.
  explicit BenchCellExecutor(const BenchSettings& settings);

  Result<MappedRegion> Map(const RegionSpec& spec, MemoryAttribute attribute) override;
  Outcome Probe(const ProbeInfo& probe, std::span<std::byte> memory) override;
  // Errors: the run errored (kernel refused the region, wrong data) or reported nothing.
  Result<double> Measure(const MatrixCell& cell, const KernelRun& run, const MappedRegion& mapping,
                         EventSink& sink) override;

 private:
  BenchSettings settings_;
};

}  // namespace memattr::agent
