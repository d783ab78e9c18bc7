// memattr-host: run a scenario (or print its QEMU argv), build the guest image, export results.
//   memattr-host run SCENARIO [--results DIR] [--dry-run] [--image DIR] [--qemu PATH] [--connect
//   URI]
//                    [--pushgateway URL] [--listen ADDR] [--openmetrics FILE]
//                    [--host-name NAME] [--label KEY=VALUE]... [--textfile-dir DIR]
//   memattr-host fleet FLEET.yaml --results DIR  (host-runner/src/fleet/fleet_command.h)
//   memattr-host image build [--role guest|host] ...  (host-runner/src/image/image_command.h)
//   memattr-host push|serve|openmetrics ...   (host-runner/src/export/export_cli.h)
//   memattr-host compare A B [--json FILE]     (host-runner/src/compare/compare_command.h)
//   memattr-host report RUN [--baseline RUN] [--output FILE.html] [--junit FILE.xml]
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "compare_command.h"
#include "export_cli.h"
#include "fleet/fleet_command.h"
#include "image/image_command.h"
#include "memattr/protocol/metric_names.h"
#include "report_command.h"
#include "results/path_under.h"
#include "run/dry_run.h"
#include "run/nested_host_relay.h"
#include "run/scenario_runner.h"
#include "scenario/yaml_fields.h"

namespace mh = memattr::host;

namespace {

// --label KEY=VALUE: KEY an exportable label name, VALUE printable and bounded.
std::string CheckHostLabel(const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos) return "'" + text + "' is not KEY=VALUE";
  const std::string key = text.substr(0, eq), value = text.substr(eq + 1);
  if (!memattr::protocol::metric_names::IsUserLabelName(key))
    return "'" + key +
           "' is not a label name memattr can export ([a-zA-Z_][a-zA-Z0-9_]*, not one of memattr's "
           "own)";
  if (const std::string problem = mh::LabelTextProblem(value); !problem.empty())
    return key + ": " + problem;
  return "";
}

// The one place a run's outcome is printed and becomes the exit code.
int Finish(const mh::RunOutcome& outcome) {
  for (const std::string& line : outcome.messages) std::cerr << "memattr-host: " << line << "\n";
  std::cout << outcome.report;
  return mh::ExitCode(outcome.status);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "memattr-host: boots arm64 guests with DAX, VFIO-style and CXL-style memory, "
      "runs memattr-agent in them and collects results"};
  app.require_subcommand(1);

  mh::RunOptions run;
  bool dry_run = false, as_nested_host = false;
  std::string relay_port;
  std::string scenario, results, image_dir, qemu = run.qemu.string();
  memattr::host_export::ExportOptions export_options;
  CLI::App* run_cmd = app.add_subcommand("run", "boot the scenario's guest(s) and collect results");
  run_cmd->add_option("scenario", scenario, "scenario YAML (host-runner/docs/scenario_format.md)")
      ->required();
  run_cmd->add_option("--results", results,
                      "results directory (default results/<scenario>-<time>)");
  run_cmd->add_flag("--dry-run", dry_run, "validate the scenario and print the QEMU argv");
  run_cmd->add_flag("--resume", run.resume,
                    "continue the run already in --results (e.g. after memattr-host was killed); "
                    "without it a non-empty results directory is refused");
  run_cmd->add_option("--image", image_dir, "guest image directory (default build/guest-image)");
  run_cmd->add_option("--qemu", qemu, "qemu-system-aarch64 binary");
  run_cmd->add_option("--connect", run.connect_uri,
                      "run through libvirt at this URI (qemu:///system, "
                      "qemu+ssh://user@host/system); with --dry-run print the domain XML");
  run_cmd->add_flag(
      "--as-nested-host", as_nested_host,
      "inside a nested run's emulated host (L1): run the guest with KVM, ignore `nested`");
  run_cmd
      ->add_option("--relay", relay_port,
                   "with --as-nested-host: virtio port (by name) every event goes up through")
      ->needs("--as-nested-host");
  run_cmd
      ->add_option("--host-name", run.host_name,
                   "this host's name in a fleet: the `host` label of the run's metrics (default: "
                   "the machine's host name)")
      ->check([](const std::string& name) {
        return mh::IsSafeName(name) ? "" : std::string("not a name: ") + mh::kSafeNameRule;
      });
  std::vector<std::string> host_labels;
  run_cmd
      ->add_option("--label", host_labels,
                   "KEY=VALUE, repeatable: a label of this host (rack, host kernel, device "
                   "under test) on every exported series")
      ->check(CheckHostLabel);
  memattr::host_export::AddExportOptions(*run_cmd, export_options);

  mh::ImageCommand image;
  mh::AddImageCommand(app, image);
  memattr::host_export::AddExportCommands(app);
  memattr::compare::CompareCommand compare;
  memattr::compare::AddCompareCommand(app, compare);
  memattr::report::ReportCommand report;
  memattr::report::AddReportCommand(app, report);
  mh::FleetCommand fleet;
  mh::AddFleetCommand(app, fleet);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : mh::ExitCode(mh::RunStatus::kBadInput);
  }
  if (image.parsed()) return mh::RunImageCommand(image);
  if (compare.parsed()) return memattr::compare::RunCompareCommand(compare);
  if (report.parsed()) return memattr::report::RunReportCommand(report);
  if (fleet.parsed()) return mh::RunFleetCommand(fleet);
  if (!*run_cmd) return 0;  // an export subcommand ran from its callback
  run.scenario_file = scenario;
  run.results_dir = results;
  run.image_dir = image_dir;
  run.qemu = qemu;
  for (const std::string& label : host_labels) {
    const std::size_t eq = label.find('=');
    run.host_labels[label.substr(0, eq)] = label.substr(eq + 1);
  }
  run.progress = &std::cerr;
  run.progress_is_terminal = ::isatty(2);
  // The mode: a dry run, L1 of a nested run, or a run (single or nested, as the scenario says).
  const mh::RunOutcome outcome = dry_run && as_nested_host ? mh::DryRunAsNestedHost(run)
                                 : dry_run                 ? mh::DryRunScenario(run)
                                 : as_nested_host          ? mh::RunAsNestedHost(run, relay_port)
                                                           : mh::RunScenario(run);
  const int code = Finish(outcome);
  // Nothing is exported from a run whose results could not be written.
  if (outcome.results_dir.empty() || outcome.status == mh::RunStatus::kWriteFailed) return code;
  const int export_code = memattr::host_export::RunExport(export_options, outcome.results_dir);
  return code != 0 ? code : export_code;
}
