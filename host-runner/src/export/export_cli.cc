#include "export_cli.h"

#include <pthread.h>

#include <csignal>
#include <iostream>
#include <memory>

#include "metrics_registry.h"
#include "openmetrics_writer.h"
#include "pushgateway_client.h"
#include "results_server.h"
#include "textfile_writer.h"

namespace memattr::host_export {
namespace {

namespace fs = std::filesystem;

int Fail(const Error& error) {
  std::cerr << "memattr-host: " << error.message << '\n';
  return 1;
}

// Blocks SIGINT/SIGTERM before the server's threads start (they inherit the mask), serves,
// and returns when one arrives.
int ServeUntilSignal(const ServeOptions& options) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &signals, &previous);
  int status = 0;
  {
    auto server = StartResultsServer(options);
    if (!server) {
      status = Fail(server.error());
    } else {
      const std::string address = NormalizeListenAddress(options.listen_address);
      std::cout << "memattr-host: serving " << options.results_path.string() << " on http://"
                << address.substr(0, address.rfind(':')) << ':' << (*server)->port()
                << "/metrics (stop with SIGINT/SIGTERM)" << std::endl;
      int received = 0;
      sigwait(&signals, &received);
    }
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return status;
}

int WriteOpenMetrics(const RunMetrics& run, const fs::path& file) {
  auto registry = BuildRegistry(std::span(&run, 1));
  const Status written =
      WriteOpenMetricsFile(registry->Collect(), run.facts.end_time_seconds, file);
  if (!written) return Fail(written.error());
  std::cout << "memattr-host: wrote " << file.string() << " (backfill: promtool tsdb "
            << "create-blocks-from openmetrics " << file.string() << " DATA_DIR)\n";
  return 0;
}

int Push(const RunMetrics& run, const ExportOptions& options) {
  const PushOptions push{.url = options.pushgateway_url,
                         .job = options.push_job,
                         .instance = options.push_instance,
                         .timeout_seconds = options.push_timeout_seconds};
  const Status pushed = PushRun(run, push);
  if (!pushed) return Fail(pushed.error());
  std::cout << "memattr-host: pushed " << run.source << " to " << options.pushgateway_url << '\n';
  return 0;
}

void ThrowOnFailure(int status) {
  if (status != 0) throw CLI::RuntimeError(status);
}

}  // namespace

int RunExport(const ExportOptions& options, const fs::path& results_dir) {
  auto run = LoadRunMetrics(results_dir);
  if (!run) return Fail(run.error());
  int status = 0;
  if (!options.openmetrics_file.empty()) status |= WriteOpenMetrics(*run, options.openmetrics_file);
  if (!options.textfile_dir.empty()) {
    const Status written = WriteTextfile(*run, options.textfile_dir);
    status |= written ? 0 : Fail(written.error());
  }
  if (!options.pushgateway_url.empty()) status |= Push(*run, options);
  if (!options.listen_address.empty()) {
    status |=
        ServeUntilSignal({.results_path = results_dir, .listen_address = options.listen_address});
  }
  return status;
}

void AddPushCommand(CLI::App& app) {
  auto options = std::make_shared<ExportOptions>();
  auto results_dir = std::make_shared<fs::path>();
  CLI::App* push = app.add_subcommand("push", "push a results directory to a Pushgateway");
  push->add_option("RESULTS_DIR", *results_dir, "results directory (with results.json)")
      ->required()
      ->check(CLI::ExistingPath);
  AddExportOptions(*push, *options);
  push->get_option("--pushgateway")->required();
  push->remove_option(push->get_option("--listen"));
  push->callback([options, results_dir] { ThrowOnFailure(RunExport(*options, *results_dir)); });
}

void AddServeCommand(CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* serve = app.add_subcommand(
      "serve", "serve the latest results for Prometheus to scrape (until SIGINT/SIGTERM)");
  serve
      ->add_option("RESULTS_PATH", options->results_path,
                   "a results directory, or a folder of them (latest per scenario/host/kernel)")
      ->required()
      ->check(CLI::ExistingPath);
  serve->add_option("--listen", options->listen_address, "ADDR:PORT, or PORT for 127.0.0.1:PORT")
      ->capture_default_str();
  serve->callback([options] { ThrowOnFailure(ServeUntilSignal(*options)); });
}

void AddOpenMetricsCommand(CLI::App& app) {
  auto results_dir = std::make_shared<fs::path>();
  auto file = std::make_shared<fs::path>();
  CLI::App* command = app.add_subcommand(
      "openmetrics", "write a results directory as OpenMetrics text (for backfilling)");
  command->add_option("RESULTS_DIR", *results_dir, "results directory (with results.json)")
      ->required()
      ->check(CLI::ExistingPath);
  command->add_option("-o,--output", *file, "OpenMetrics file to write")->required();
  command->callback([results_dir, file] {
    ThrowOnFailure(RunExport({.openmetrics_file = *file}, *results_dir));
  });
}

void AddTextfileCommand(CLI::App& app) {
  auto results_dir = std::make_shared<fs::path>();
  auto dir = std::make_shared<fs::path>();
  CLI::App* command = app.add_subcommand(
      "textfile",
      "write a results directory as DIR/memattr.prom for node_exporter's textfile "
      "collector (a run whose --textfile-dir was not given or failed)");
  command->add_option("RESULTS_DIR", *results_dir, "results directory (with results.json)")
      ->required()
      ->check(CLI::ExistingPath);
  command->add_option("--textfile-dir", *dir, "node_exporter's textfile directory")->required();
  command->callback(
      [results_dir, dir] { ThrowOnFailure(RunExport({.textfile_dir = *dir}, *results_dir)); });
}

void AddExportCommands(CLI::App& app) {
  AddPushCommand(app);
  AddServeCommand(app);
  AddOpenMetricsCommand(app);
  AddTextfileCommand(app);
}

}  // namespace memattr::host_export
