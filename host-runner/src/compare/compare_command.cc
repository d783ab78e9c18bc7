#include "compare_command.h"

#include <fstream>
#include <iostream>

#include "comparison_format.h"
#include "run_comparison.h"

namespace memattr::compare {

void AddCompareCommand(CLI::App& app, CompareCommand& command) {
  command.subcommand =
      app.add_subcommand("compare",
                         "Compare two runs: timings (Mann-Whitney U), verdicts, "
                         "probe outcomes, facts. Exit 0 same, 1 changed, 2 bad input");
  command.subcommand->add_option("A", command.run_a, "baseline results directory")->required();
  command.subcommand->add_option("B", command.run_b, "contender results directory")->required();
  command.subcommand->add_option("--json", command.json_output,
                                 "also write the comparison as JSON");
  command.subcommand->add_option("--alpha", command.alpha, "significance level (default 0.05)")
      ->check(CLI::Range(0.0, 1.0));
  command.subcommand->add_flag("--gate-emulated-timings", command.gate_emulated_timings,
                               "count significant timing changes of two TCG runs in the exit code");
}

int RunCompareCommand(const CompareCommand& command) {
  auto a = LoadRunResults(command.run_a);
  if (!a) return std::cerr << "memattr-host compare: " << a.error().message << "\n", 2;
  auto b = LoadRunResults(command.run_b);
  if (!b) return std::cerr << "memattr-host compare: " << b.error().message << "\n", 2;
  const RunComparison comparison = CompareRuns(
      *a, *b, {.alpha = command.alpha, .gate_emulated_timings = command.gate_emulated_timings});
  std::cout << FormatComparison(comparison, command.run_a.string(), command.run_b.string());
  if (!command.json_output.empty()) {
    std::ofstream out(command.json_output);
    out << ComparisonToJson(comparison).dump(2) << "\n";
    if (!out) {
      std::cerr << "memattr-host compare: " << command.json_output << ": cannot write\n";
      return 2;
    }
  }
  return ComparisonExitCode(comparison);
}

}  // namespace memattr::compare
