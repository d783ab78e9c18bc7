// The export side of a memattr-host built with MEMATTR_BUILD_EXPORT=OFF (no prometheus-cpp, e.g.
// the arm64 cross build): the options and subcommands exist, and say once, clearly, that this
// build cannot export.
#include <iostream>
#include <string>

#include "export_cli.h"

namespace memattr::host_export {
namespace {

constexpr const char* kNoExport =
    "this memattr-host was built without Prometheus export (MEMATTR_BUILD_EXPORT=OFF)";

void AddDisabledCommand(CLI::App& app, const std::string& name) {
  CLI::App* command = app.add_subcommand(name, std::string("unavailable: ") + kNoExport);
  command->allow_extras();
  command->callback([name] {
    std::cerr << "memattr-host: " << name << ": " << kNoExport << '\n';
    throw CLI::RuntimeError(1);
  });
}

}  // namespace

int RunExport(const ExportOptions& options, const std::filesystem::path& /*results_dir*/) {
  if (options.pushgateway_url.empty() && options.listen_address.empty() &&
      options.openmetrics_file.empty() && options.textfile_dir.empty())
    return 0;
  std::cerr << "memattr-host: --pushgateway/--listen/--openmetrics/--textfile-dir: " << kNoExport
            << '\n';
  return 1;
}

void AddExportCommands(CLI::App& app) {
  for (const char* name : {"push", "serve", "openmetrics", "textfile"})
    AddDisabledCommand(app, name);
}

}  // namespace memattr::host_export
