#include "report_command.h"

#include <fstream>
#include <iostream>

#include "fleet_html_report.h"
#include "html_report.h"
#include "junit_report.h"

namespace memattr::report {
namespace {

bool WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path);
  out << content;
  if (out) return true;
  std::cerr << "memattr-host report: " << path.string() << ": cannot write\n";
  return false;
}

}  // namespace

void AddReportCommand(CLI::App& app, ReportCommand& command) {
  command.subcommand = app.add_subcommand(
      "report",
      "Self-contained HTML report of a run (and JUnit XML), optionally against a baseline");
  command.subcommand
      ->add_option("RUN", command.run,
                   "results directory, or a fleet directory (memattr-host fleet --results DIR)")
      ->required();
  command.subcommand->add_option("--baseline", command.baseline,
                                 "results directory to compare with");
  command.subcommand->add_option("--output", command.html_output,
                                 "HTML file (default RUN/report.html)");
  command.subcommand->add_option("--junit", command.junit_output, "also write JUnit XML here");
}

// A fleet directory's report: DIR/report.html from fleet.json and fleet-summary.json.
int RunFleetReport(const ReportCommand& command) {
  nlohmann::json parts[2];
  const char* files[2] = {kFleetRecordFile, kFleetSummaryFile};
  for (int i = 0; i < 2; ++i) {
    std::ifstream in(command.run / files[i]);
    parts[i] = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!parts[i].is_object())
      return std::cerr << "memattr-host report: " << (command.run / files[i]).string()
                       << ": missing or not a JSON object\n",
             2;
  }
  const auto html_path =
      command.html_output.empty() ? command.run / "report.html" : command.html_output;
  if (!WriteFile(html_path, RenderFleetHtmlReport(parts[0], parts[1]))) return 2;
  std::cout << "report: " << html_path.string() << "\n";
  return 0;
}

int RunReportCommand(const ReportCommand& command) {
  if (IsFleetDirectory(command.run) && command.baseline.empty() && command.junit_output.empty())
    return RunFleetReport(command);
  auto run = compare::LoadRunResults(command.run);
  if (!run) return std::cerr << "memattr-host report: " << run.error().message << "\n", 2;
  std::optional<compare::RunResults> baseline;
  if (!command.baseline.empty()) {
    auto b = compare::LoadRunResults(command.baseline);
    if (!b) return std::cerr << "memattr-host report: " << b.error().message << "\n", 2;
    baseline = std::move(*b);
  }
  const auto html_path =
      command.html_output.empty()
          ? (std::filesystem::is_directory(command.run) ? command.run : command.run.parent_path()) /
                "report.html"
          : command.html_output;
  if (!WriteFile(html_path, RenderHtmlReport(*run, baseline ? &*baseline : nullptr))) return 2;
  std::cout << "report: " << html_path.string() << "\n";
  if (!command.junit_output.empty()) {
    if (!WriteFile(command.junit_output, RenderJunitXml(*run))) return 2;
    std::cout << "junit: " << command.junit_output.string() << "\n";
  }
  return 0;
}

}  // namespace memattr::report
