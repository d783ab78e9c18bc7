// Command-line side of the Prometheus export, for memattr-host's main.cc:
//   memattr-host run SCENARIO [--pushgateway URL] [--listen ADDR] [--openmetrics FILE]
//                             [--textfile-dir DIR]
//   memattr-host push RESULTS_DIR --pushgateway URL     (a run whose push failed earlier)
//   memattr-host serve RESULTS_PATH [--listen 127.0.0.1:9464]
//   memattr-host openmetrics RESULTS_DIR -o FILE         (for promtool tsdb create-blocks-from)
//   memattr-host textfile RESULTS_DIR --textfile-dir DIR (node_exporter's textfile collector)
// Usage in main.cc:
//   ExportOptions export_options;  AddExportOptions(*run_command, export_options);
//   AddExportCommands(app);  ...  after the run: return RunExport(export_options, results_dir);
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>

namespace memattr::host_export {

struct ExportOptions {
  std::string pushgateway_url;             // empty: no push
  std::string push_job = "memattr";        // grouping key job
  std::string push_instance;               // grouping key instance; empty: <host>_<host_kernel>
  double push_timeout_seconds = 30;        // per push attempt (3 attempts: pushgateway_client.h)
  std::string listen_address;              // empty: do not serve; else serve until SIGINT/SIGTERM
  std::filesystem::path openmetrics_file;  // empty: none
  std::filesystem::path textfile_dir;      // empty: none; else DIR/memattr.prom (node_exporter)
};

// --pushgateway, --push-job, --push-instance, --listen, --openmetrics, --textfile-dir on `app`.
void AddExportOptions(CLI::App& app, ExportOptions& options);

// Exports the run in `results_dir` (its results.json): writes the OpenMetrics file and the
// node_exporter textfile, pushes,
// then serves until SIGINT/SIGTERM when listen_address is set. Never modifies results_dir.
// Returns 0 on success; 1 when anything failed (each failure printed to stderr, naming the URL,
// address or file; a failed push says how to push again). Options left empty are skipped.
int RunExport(const ExportOptions& options, const std::filesystem::path& results_dir);

// Subcommands `push`, `serve`, `openmetrics` and `textfile` (see top). A failing subcommand throws
// CLI::RuntimeError(exit code), which CLI11_PARSE / app.exit() turn into the exit code.
void AddPushCommand(CLI::App& app);
void AddServeCommand(CLI::App& app);
void AddOpenMetricsCommand(CLI::App& app);
void AddTextfileCommand(CLI::App& app);
void AddExportCommands(CLI::App& app);  // all four

}  // namespace memattr::host_export
