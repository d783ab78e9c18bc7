// EventReporter: a Google Benchmark reporter that turns every run (iterations, repetitions and
// aggregates, errored runs included) into a `measurement` result event
// (bench/docs/result_events.md) on an EventSink, as the run happens. Its `run` object carries
// the run record fields exactly as benchmark 1.7.1's JSON reporter writes them (counters flat
// beside the fixed fields). Combine it with the console and JSON file reporters through
// TeeReporter (harness/tee_reporter.h); the JSON file is untouched.
//   EventReporter events(sink);
//   TeeReporter tee({benchmark::CreateDefaultDisplayReporter(), &events});
//   benchmark::RunSpecifiedBenchmarks(&tee);
#pragma once

#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "memattr/event_sink.h"

namespace memattr {

// The run record as benchmark 1.7.1's JSONReporter::PrintRunData writes it; NaN/Inf -> null.
nlohmann::json RunRecord(const benchmark::BenchmarkReporter::Run& run);
// {"event": "measurement", "kernel", "region", "attribute", "threads", "run": RunRecord(run)};
// kernel/region/attribute are omitted for a name that is not ours (benchmark_name.h).
nlohmann::json MeasurementEvent(const benchmark::BenchmarkReporter::Run& run);

class EventReporter : public benchmark::BenchmarkReporter {
 public:
  // REQUIRES: `sink` outlives the reporter.
  explicit EventReporter(EventSink& sink) : sink_(sink) {}

  bool ReportContext(const Context& context) override;
  void ReportRuns(const std::vector<Run>& runs) override;

  int runs_reported() const { return runs_; }
  int runs_with_error() const { return errors_; }
  int events_refused() const { return refused_; }

 private:
  EventSink& sink_;
  int runs_ = 0;
  int errors_ = 0;
  int refused_ = 0;
};

}  // namespace memattr
