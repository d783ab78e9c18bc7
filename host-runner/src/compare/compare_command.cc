#include "compare_command.h"

#include <array>
#include <fstream>
#include <iostream>

#include "comparison_format.h"
#include "group_comparison.h"
#include "run_comparison.h"

namespace memattr::compare {

void AddCompareCommand(CLI::App& app, CompareCommand& command) {
  command.subcommand =
      app.add_subcommand("compare",
                         "Compare two runs: timings (Mann-Whitney U), verdicts, "
                         "probe outcomes, facts. Exit 0 same, 1 changed, 2 bad input");
  command.subcommand
      ->add_option("A", command.run_a,
                   "baseline results directory (with --group-by: a fleet directory)")
      ->required();
  command.subcommand->add_option("B", command.run_b, "contender results directory");
  command.subcommand->add_option(
      "--group-by", command.group_by,
      "compare the fleet directory A's hosts split by this host label (two values), each group's "
      "repetitions pooled");
  command.subcommand->add_option("--scenario", command.scenario,
                                 "with --group-by: the scenario (when the fleet ran several)");
  command.subcommand->add_option("--json", command.json_output,
                                 "also write the comparison as JSON");
  command.subcommand->add_option("--alpha", command.alpha, "significance level (default 0.05)")
      ->check(CLI::Range(0.0, 1.0));
  command.subcommand->add_flag("--gate-emulated-timings", command.gate_emulated_timings,
                               "count significant timing changes of two TCG runs in the exit code");
}

namespace {

// The two runs compared, and their names in the table: two results directories, or the two
// label groups of a fleet directory.
Result<std::array<RunResults, 2>> LoadSides(const CompareCommand& command) {
  if (command.group_by.empty()) {
    if (command.run_b.empty()) return Error{"B: a second results directory is needed"};
    auto a = LoadRunResults(command.run_a);
    if (!a) return a.error();
    auto b = LoadRunResults(command.run_b);
    if (!b) return b.error();
    return std::array<RunResults, 2>{*std::move(a), *std::move(b)};
  }
  if (!command.run_b.empty())
    return Error{"--group-by compares the groups of one fleet directory: no B"};
  auto groups = GroupFleetRuns(command.run_a, command.group_by, command.scenario);
  if (!groups) return groups.error();
  const std::string name = command.run_a.string() + " " + groups->label + "=";
  return std::array<RunResults, 2>{MergeGroup(groups->runs_a, name + groups->value_a),
                                   MergeGroup(groups->runs_b, name + groups->value_b)};
}

}  // namespace

int RunCompareCommand(const CompareCommand& command) {
  auto sides = LoadSides(command);
  if (!sides) return std::cerr << "memattr-host compare: " << sides.error().message << "\n", 2;
  const auto& [a, b] = *sides;
  const RunComparison comparison = CompareRuns(
      a, b, {.alpha = command.alpha, .gate_emulated_timings = command.gate_emulated_timings});
  std::cout << FormatComparison(comparison, a.source.string(), b.source.string());
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
