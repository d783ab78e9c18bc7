#include "fleet/fleet_command.h"

#include <chrono>
#include <iomanip>
#include <iostream>

#include "fleet/fleet.h"
#include "fleet/fleet_runner.h"
#include "fleet/fleet_summary.h"
#include "results/atomic_file.h"
#include "run/run_outcome.h"

namespace memattr::host {
namespace {

constexpr char kSummaryFile[] = "fleet-summary.json";

void PrintPairs(const std::vector<FleetPair>& pairs, double wall_seconds, std::ostream& out) {
  out << "\nfleet pairs (wall " << std::fixed << std::setprecision(1) << wall_seconds << " s)\n";
  for (const FleetPair& p : pairs) {
    out << "  " << std::left << std::setw(16) << p.host->name << std::setw(16) << p.scenario->name
        << "exit " << std::setw(4) << p.exit_code << std::right << std::setw(7) << p.seconds << " s"
        << (p.earlier ? "  (finished by an earlier fleet run)" : "")
        << (p.resumed ? "  (resumed)" : "") << (p.reason.empty() ? "" : "  " + p.reason) << "\n";
  }
}

}  // namespace

void AddFleetCommand(CLI::App& app, FleetCommand& command) {
  command.subcommand = app.add_subcommand(
      "fleet",
      "run scenarios on every libvirt host of a fleet file (host-runner/docs/fleet_format.md)");
  command.subcommand->add_option("fleet", command.fleet_file, "fleet YAML")->required();
  command.subcommand
      ->add_option("--results", command.results_dir,
                   "fleet directory: DIR/<host>/<scenario>/ per pair; a rerun into it runs only "
                   "the pairs that did not finish")
      ->required();
}

int RunFleetCommand(const FleetCommand& command) {
  const Result<Fleet> fleet = ParseFleetFile(command.fleet_file);
  if (!fleet) {
    std::cerr << "memattr-host: " << fleet.error().message << "\n";
    return kExitBadInput;
  }
  const auto start = std::chrono::steady_clock::now();
  const Result<std::vector<FleetPair>> pairs =
      RunFleet(*fleet, command.results_dir, {.progress = &std::cerr});
  if (!pairs) {
    std::cerr << "memattr-host: fleet: " << pairs.error().message << "\n";
    return kExitBadInput;
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  PrintPairs(*pairs, wall, std::cout);
  const FleetSummary summary = SummarizeFleet(*pairs);
  PrintFleetSummary(summary, std::cout);
  const Status written = WriteFileAtomically(command.results_dir / kSummaryFile,
                                             FleetSummaryJson(summary).dump(2) + "\n");
  if (!written) {
    std::cerr << "memattr-host: " << written.error().message << "\n";
    return kExitWriteFailed;
  }
  const int code = FleetExitCode(*pairs);
  std::cout << "fleet exit " << code << "\n";
  return code;
}

}  // namespace memattr::host
