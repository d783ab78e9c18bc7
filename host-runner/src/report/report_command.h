// `memattr-host report RUN [--baseline RUN] [--output FILE.html] [--junit FILE.xml]`.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>

namespace memattr::report {

struct ReportCommand {
  CLI::App* subcommand = nullptr;
  std::filesystem::path run, baseline, html_output, junit_output;
  bool parsed() const { return subcommand && subcommand->parsed(); }
};

void AddReportCommand(CLI::App& app, ReportCommand& command);
// Writes the HTML (default RUN/report.html) and, if asked, JUnit XML. 0 ok, 2 bad input.
int RunReportCommand(const ReportCommand& command);

}  // namespace memattr::report
