// TeeReporter: hands every report to several Google Benchmark reporters, so the console
// reporter (--benchmark_format) and our EventReporter both see each run; the JSON file
// reporter (--benchmark_out) stays Google Benchmark's own, so compare.py reads it unchanged.
//   TeeReporter tee({display.get(), &events});
//   benchmark::RunSpecifiedBenchmarks(&tee);
#pragma once

#include <benchmark/benchmark.h>

#include <vector>

namespace memattr {

class TeeReporter : public benchmark::BenchmarkReporter {
 public:
  // REQUIRES: the reporters outlive the tee. The tee's own output stream (used by Google
  // Benchmark for --benchmark_list_tests) is the first reporter's.
  explicit TeeReporter(std::vector<benchmark::BenchmarkReporter*> reporters);

  // Every reporter sees the context; the run goes ahead only if all of them agree.
  bool ReportContext(const Context& context) override;
  void ReportRuns(const std::vector<Run>& runs) override;
  void Finalize() override;

 private:
  std::vector<benchmark::BenchmarkReporter*> reporters_;
};

}  // namespace memattr
