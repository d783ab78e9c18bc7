#include "matrix/bench_cell_executor.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <mutex>

#include "harness/benchmark_plan.h"
#include "harness/event_reporter.h"
#include "harness/kernel_registration.h"
#include "harness/tee_reporter.h"
#include "memattr/kernel_runner.h"

namespace memattr::agent {
namespace {

void InitializeBenchmarkOnce(const BenchSettings& settings) {
  static std::once_flag once;
  std::call_once(once, [&] {
    static std::string min_time =
        "--benchmark_min_time=" + std::to_string(settings.min_time_seconds);
    static std::string repetitions =
        "--benchmark_repetitions=" + std::to_string(settings.repetitions);
    static char program[] = "memattr-agent";
    static char* argv[] = {program, min_time.data(), repetitions.data(), nullptr};
    int argc = 3;
    benchmark::Initialize(&argc, argv);
  });
}

// Keeps the real time per iteration (ns) of every non-aggregate run and the first error.
class TimeCollector : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred && error_.empty()) error_ = run.error_message;
      if (run.error_occurred || run.run_type != Run::RT_Iteration) continue;
      ns_.push_back(run.GetAdjustedRealTime() * 1e9 /
                    benchmark::GetTimeUnitMultiplier(run.time_unit));
    }
  }
  Result<double> Median() {
    if (!error_.empty()) return Error{error_};
    if (ns_.empty()) return Error{"Google Benchmark reported no run"};
    std::sort(ns_.begin(), ns_.end());
    return ns_[ns_.size() / 2];
  }

 private:
  std::vector<double> ns_;
  std::string error_;
};

}  // namespace

BenchCellExecutor::BenchCellExecutor(const BenchSettings& settings) : settings_(settings) {
  InitializeBenchmarkOnce(settings_);
}

Result<MappedRegion> BenchCellExecutor::Map(const RegionSpec& spec, MemoryAttribute attribute) {
  return MapRegion(spec, attribute);
}

Outcome BenchCellExecutor::Probe(const ProbeInfo& probe, std::span<std::byte> memory) {
  return RunProbe(probe, memory, settings_.probe_options);
}

Result<double> BenchCellExecutor::Measure(const MatrixCell& cell, const KernelRun& run,
                                          const MappedRegion& mapping, EventSink& sink) {
  BenchmarkPlanEntry entry;
  entry.kernel = run.kernel;
  entry.region_name = cell.region;
  entry.region_kind = std::string(ToString(cell.spec.kind));
  entry.memory = mapping.bytes();
  entry.attribute = cell.attribute;
  entry.threads = run.threads;
  entry.tuning = settings_.tuning;
  PlanRunner runner({entry}, {.prepare = PrepareKernel});
  runner.RegisterAll();
  EventReporter events(sink);
  TimeCollector times;
  TeeReporter tee({&events, &times});
  benchmark::RunSpecifiedBenchmarks(&tee);
  benchmark::ClearRegisteredBenchmarks();
  return times.Median();
}

}  // namespace memattr::agent
