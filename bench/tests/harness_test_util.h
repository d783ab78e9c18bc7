// Test support for the harness tests: run registered benchmarks with given Google Benchmark
// flags and keep every reported run.
//   CapturingReporter runs;
//   RunBenchmarks({"--benchmark_min_time=0.01"}, runs);
#pragma once

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace memattr::testing {

class CapturingReporter : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    all.insert(all.end(), runs.begin(), runs.end());
  }
  std::vector<Run> all;
};

// Sets Google Benchmark's flags from `flags` (quick defaults for the rest: its flags are
// process globals that keep earlier values) and runs every registered benchmark through
// `reporter`. Returns the number of benchmarks matched.
inline std::size_t RunBenchmarks(std::vector<std::string> flags,
                                 benchmark::BenchmarkReporter& reporter) {
  std::vector<std::string> all = {"--benchmark_list_tests=false", "--benchmark_filter=.",
                                  "--benchmark_repetitions=1", "--benchmark_min_time=0.01"};
  all.insert(all.end(), flags.begin(), flags.end());
  std::vector<char*> argv = {const_cast<char*>("memattr_test")};  // argv[0] must outlive the run
  for (std::string& f : all) argv.push_back(f.data());
  int argc = static_cast<int>(argv.size());
  benchmark::Initialize(&argc, argv.data());
  return benchmark::RunSpecifiedBenchmarks(&reporter);
}

}  // namespace memattr::testing
