// `memattr-host fleet FLEET.yaml --results DIR`: runs every (host, scenario) of the fleet file
// (fleet.h) through the libvirt launcher into DIR/<host>/<scenario>/, prints each pair's outcome
// and the fleet summary (fleet_summary.h). A rerun into the same DIR completes what is missing.
//   FleetCommand fleet;  AddFleetCommand(app, fleet);
//   app.parse(argc, argv);  if (fleet.parsed()) return RunFleetCommand(fleet);
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>

namespace memattr::host {

struct FleetCommand {
  CLI::App* subcommand = nullptr;
  std::filesystem::path fleet_file, results_dir;
  bool parsed() const { return subcommand && subcommand->parsed(); }
};

void AddFleetCommand(CLI::App& app, FleetCommand& command);
// The fleet's exit code (fleet_pairs.h FleetExitCode); 2 for a bad fleet file or DIR.
int RunFleetCommand(const FleetCommand& command);

}  // namespace memattr::host
