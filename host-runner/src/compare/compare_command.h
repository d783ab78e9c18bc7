// `memattr-host compare A B [--json FILE] [--alpha P]`, or `compare FLEETDIR --group-by LABEL
// [--scenario NAME]` (group_comparison.h): wires the comparison into the CLI.
//   CompareCommand compare = AddCompareCommand(app);
//   app.parse(argc, argv);  if (compare.parsed()) return RunCompareCommand(compare);
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>

namespace memattr::compare {

struct CompareCommand {
  CLI::App* subcommand = nullptr;
  std::filesystem::path run_a, run_b, json_output;
  std::string group_by, scenario;  // --group-by LABEL: run_a is a fleet directory, no run_b
  double alpha = 0.05;
  bool gate_emulated_timings = false;
  bool parsed() const { return subcommand && subcommand->parsed(); }
};

// The returned object must outlive parsing (CLI11 binds to its fields).
void AddCompareCommand(CLI::App& app, CompareCommand& command);
// Prints the table; writes JSON if asked. Returns the exit code (0, 1, 2).
int RunCompareCommand(const CompareCommand& command);

}  // namespace memattr::compare
