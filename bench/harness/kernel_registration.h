// Registers a BenchmarkPlan with Google Benchmark at run time (STYLE R5, R6) and runs it:
// one registered family per plan entry, named entry.FamilyName(), ->Threads(n)->UseRealTime()
// (final names: harness/benchmark_name.h). One iteration = one PreparedKernel::RunIteration()
// per thread, i.e. fixed work. Rates come from Counter flags:
//   bytes_per_second, items_per_second         SetBytesProcessed / SetItemsProcessed
//   ns_per_load (latency), ns_per_op (atomic,   per-thread time per item:
//   kIsRate|kAvgThreads|kInvert
//     exclusive)
//   each PreparedKernel::Totals() key (e.g.      kAvgIterations: per iteration
//     stxr_failures) and each perf counter
// After the loop of a cell's first run, every thread calls VerifyThread() on its own part at
// once (every later run repeats the same work on the same data, so checking each repetition
// again only costs time); wrong data ends the run with SkipWithError, so the run record
// carries error_occurred/error_message (wrong data is an outcome). PrepareKernel gets a
// PinnedFanOut, so each thread's memory is first touched on that thread's CPU.
//   PlanRunner runner(plan.entries, {.prepare = PrepareKernel, .pinner = &pinner});
//   runner.RegisterAll();  benchmark::RunSpecifiedBenchmarks(&reporter);
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "harness/benchmark_plan.h"
#include "measure/perf_counters.h"
#include "measure/thread_pinning.h"
#include "memattr/kernel_runner.h"

namespace memattr {

using KernelPreparer = std::function<Result<std::unique_ptr<PreparedKernel>>(
    const KernelInfo&, std::span<std::byte>, const PrepareOptions&)>;

struct RunnerOptions {
  KernelPreparer prepare;                    // required; memattr::PrepareKernel in production
  const ThreadPinner* pinner = nullptr;      // nullptr: threads are not pinned
  const PerfCounterSet* counters = nullptr;  // nullptr: no perf counters
};

// Owns the plan while Google Benchmark runs it. At most one entry is prepared at a time
// (entries share regions: preparing one lays out its arrays over another's); an entry is
// prepared on its first run and kept across its repetitions.
class PlanRunner {
 public:
  PlanRunner(std::vector<BenchmarkPlanEntry> entries, RunnerOptions options);
  PlanRunner(const PlanRunner&) = delete;
  PlanRunner& operator=(const PlanRunner&) = delete;

  // REQUIRES: *this outlives every benchmark::RunSpecifiedBenchmarks() call that runs them.
  void RegisterAll();
  const std::vector<BenchmarkPlanEntry>& entries() const { return entries_; }

 private:
  void Run(benchmark::State& state, std::size_t index);
  // Thread 0, before the loop: prepares entry `index` unless it is the active one.
  void Activate(std::size_t index);
  // Any thread, inside the loop (after the start barrier): the prepared kernel or nullptr.
  PreparedKernel* Active(std::size_t index) const;

  std::vector<BenchmarkPlanEntry> entries_;
  RunnerOptions options_;
  std::size_t active_index_ = static_cast<std::size_t>(-1);
  std::unique_ptr<PreparedKernel> active_;
  std::string active_error_;
  bool active_verified_ = false;  // the active cell's data was checked (in its first run)
  bool verify_this_run_ = false;  // set by thread 0 before the start barrier
};

}  // namespace memattr
