#include "fleet_html_report.h"

#include <set>
#include <sstream>

#include "html_report.h"
#include "svg_bar_chart.h"

namespace memattr::report {
namespace {

using json = nlohmann::json;

std::string Text(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.is_null() ? "" : value.dump();
}

void RenderPairs(std::ostringstream& html, const json& fleet) {
  html << "<h2>Pairs</h2><table id='pairs'><tr><th>host</th><th>scenario</th><th>exit</th>"
          "<th>seconds</th><th>note</th><th>reason</th></tr>";
  for (const json& p : fleet.value("pairs", json::array())) {
    const int code = p.value("exit_code", -1);
    const std::string note = p.value("earlier", false)       ? "finished by an earlier fleet run"
                             : p.value("interrupted", false) ? "interrupted"
                             : p.value("resumed", false)     ? "resumed"
                                                             : "";
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f", p.value("seconds", 0.0));
    html << "<tr>" << TableCell(Text(p["host"])) << TableCell(Text(p["scenario"]))
         << TableCell(std::to_string(code), code == 0 ? "ok" : "error") << TableCell(seconds)
         << TableCell(note) << TableCell(p.value("reason", "")) << "</tr>";
  }
  html << "</table>";
}

void RenderGrid(std::ostringstream& html, const json& summary) {
  std::set<std::string> outliers;
  for (const json& d : summary.value("outliers", json::array())) outliers.insert(Text(d["host"]));
  html << "<h2>Verdicts by host</h2><table id='fleet-grid'><tr><th>region/attribute</th>";
  for (const json& h : summary.value("hosts", json::array()))
    html << "<th" << (outliers.count(Text(h)) ? " class='unsafe'" : "") << ">" << EscapeXml(Text(h))
         << "</th>";
  html << "</tr>";
  const json grid = summary.value("grid", json::object());
  for (const json& column : summary.value("columns", json::array())) {
    html << "<tr>" << TableCell(Text(column));
    for (const json& h : summary.value("hosts", json::array())) {
      const json row = grid.value(Text(h), json::object());
      const std::string verdict = row.value(Text(column), "-");
      html << TableCell(verdict, verdict == "-" ? "" : verdict);
    }
    html << "</tr>";
  }
  html << "</table>";
}

void RenderOutliers(std::ostringstream& html, const json& summary) {
  html << "<h2>Outlier hosts</h2>";
  const json outliers = summary.value("outliers", json::array());
  if (outliers.empty())
    html << "<p id='outliers'>none: every host with results agrees with the majority</p>";
  else
    html << "<table id='outliers'><tr><th>host</th><th>scenario</th><th>what</th>"
            "<th>this host</th><th>majority</th></tr>";
  for (const json& d : outliers)
    html << "<tr>" << TableCell(Text(d["host"])) << TableCell(Text(d["scenario"]))
         << TableCell(Text(d["what"])) << TableCell(Text(d["value"]), Text(d["value"]))
         << TableCell(Text(d["majority"])) << "</tr>";
  if (!outliers.empty()) html << "</table>";
  const json missing = summary.value("missing", json::object());  // items() needs it alive
  for (const auto& [host, why] : missing.items())
    html << "<p class='note missing'>no results from <b>" << EscapeXml(host)
         << "</b>: " << EscapeXml(Text(why)) << "</p>";
}

}  // namespace

bool IsFleetDirectory(const std::filesystem::path& dir) {
  return std::filesystem::is_regular_file(dir / kFleetSummaryFile);
}

std::string RenderFleetHtmlReport(const json& fleet, const json& summary) {
  std::ostringstream html;
  html << "<!DOCTYPE html><html><head><meta charset='utf-8'><title>memattr fleet "
       << EscapeXml(Text(fleet.value("fleet", json("")))) << "</title><style>" << ReportStyle()
       << "</style></head><body><h1>memattr fleet</h1>"
       << "<p>" << EscapeXml(Text(fleet.value("fleet", json("")))) << ": exit "
       << fleet.value("exit_code", -1) << ", concurrency " << fleet.value("concurrency", 0)
       << "</p>";
  RenderOutliers(html, summary);
  RenderGrid(html, summary);
  RenderPairs(html, fleet);
  html << "</body></html>\n";
  return html.str();
}

}  // namespace memattr::report
