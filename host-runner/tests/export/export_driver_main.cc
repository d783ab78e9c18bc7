// memattr_export_driver: the export subcommands of memattr-host (push, serve, openmetrics)
// without the rest of memattr-host, so the real-server tests (dashboards/tests) can run before
// and independently of a full memattr-host build.
#include <CLI/CLI.hpp>

#include "export_cli.h"

int main(int argc, char** argv) {
  CLI::App app{"memattr export driver (tests)"};
  app.require_subcommand(1);
  memattr::host_export::AddExportCommands(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
