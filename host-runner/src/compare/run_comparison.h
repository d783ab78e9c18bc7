// Compares two memattr runs (results directories, host-runner/docs/results_format.md):
// per benchmark the change in time with a Mann–Whitney U test (as compare.py), significant
// after a Holm–Bonferroni correction over all benchmarks tested (docs/compare.md), and — which
// matter more than any timing — changes in verdicts and probe outcomes, and differing facts.
//   auto a = LoadRunResults("results/default-A"), b = LoadRunResults("results/default-B");
//   RunComparison c = CompareRuns(*a, *b, {});
//   std::cout << FormatComparison(c);  return ComparisonExitCode(c);
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "memattr/result.h"

namespace memattr::compare {

// One run: its results.json, and where it came from (for messages).
struct RunResults {
  std::filesystem::path source;
  nlohmann::json results;
};

// Reads DIR/results.json (or a results.json given directly) with host::ReadResultsDocument,
// the one results.json reader. Errors name the missing file or the JSON problem with its path.
Result<RunResults> LoadRunResults(const std::filesystem::path& path);

struct CompareOptions {
  double alpha = 0.05;                  // family-wise significance level (compare.py's default)
  std::size_t min_repetitions = 2;      // compare.py: UTEST_MIN_REPETITIONS
  std::size_t optimal_repetitions = 9;  // compare.py: UTEST_OPTIMAL_REPETITIONS
  // Under TCG (memattr.accel "tcg" on both sides) timings are emulated: their changes are
  // shown but leave the exit code alone, unless this is set (docs/compare.md, A/A check).
  bool gate_emulated_timings = false;
};

struct BenchmarkChange {
  std::string name;  // run_name, shared by both runs
  std::size_t repetitions_a = 0, repetitions_b = 0;
  double median_a = 0, median_b = 0;  // real_time, in time_unit
  std::string time_unit;
  double relative_change = 0;          // (b - a) / a; negative = faster
  std::optional<double> p_value;       // compare.py's, uncorrected; absent below min_repetitions
  std::optional<double> holm_p_value;  // Holm-adjusted over every benchmark with a p_value
  bool significant = false;            // holm_p_value < alpha
  bool enough_repetitions = false;     // >= optimal_repetitions on both sides
};

struct LabelledChange {  // a verdict, probe outcome or fact that differs
  std::string what;      // "bar0/normal-wb verdict", "bar0/normal-wb probe unaligned_load_8",
                         // "memattr.host_kernel"
  std::string a, b;
};

struct RunComparison {
  std::string incomparable;       // non-empty: different arch or accelerator; timings not compared
  double alpha = 0.05;            // family-wise, over the tested benchmarks (Holm–Bonferroni)
  bool timings_emulated = false;  // both runs under TCG
  bool timings_gate = true;       // significant timing changes count in the exit code
  std::vector<BenchmarkChange> benchmarks;
  std::vector<std::string> only_in_a, only_in_b;
  std::vector<LabelledChange> verdicts, probes, facts;

  std::size_t SignificantCount() const;
  std::size_t TestedCount() const;                  // with a p-value
  std::size_t UnreliableCount() const;              // tested, but below optimal_repetitions
  std::size_t UncorrectedSignificantCount() const;  // p_value < alpha: what compare.py flags
};

RunComparison CompareRuns(const RunResults& a, const RunResults& b, const CompareOptions& options);
// 0: no counted significant timing change (see timings_gate) and no verdict/outcome changed;
// 1: something did; 2: incomparable.
int ComparisonExitCode(const RunComparison& comparison);

}  // namespace memattr::compare
