#include "html_report.h"

#include <cstdio>
#include <set>
#include <sstream>

#include "memattr/protocol/context_keys.h"
#include "results/inferred_precision.h"
#include "run_view.h"
#include "svg_bar_chart.h"

namespace memattr::report {

namespace keys = protocol::context_keys;
namespace {

constexpr const char* kStyle = R"(
body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0}
td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:left;vertical-align:top}
th{background:#f2f2f2}.as-expected,.ok{background:#d8f0d8}.degraded,.timeout{background:#ffe3b3}
.unsafe,.fault,.wrong-data,.error{background:#f7c6c6}.inconclusive,.skipped{background:#eee}
.note{background:#fff6d6;padding:8px;border:1px solid #e6d38a}h2{margin-top:28px})";

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

void RenderFacts(std::ostringstream& html, const RunView& view) {
  html << "<h2>Facts</h2><table id='facts'>";
  for (const auto& [key, value] : view.facts)
    html << "<tr>" << TableCell(key) << TableCell(value) << "</tr>";
  html << "</table>";
  auto accel = view.facts.find(keys::kAccel);
  if (accel != view.facts.end() && accel->second == "tcg")
    html << "<p class='note'>Accelerator TCG: timings are emulated and say nothing about memory "
            "types; verdicts rest on the probes (alignment faults are modelled by QEMU 10).</p>";
}

// Under the verdicts: what an inferred "normal" or "uncached" left unobserved.
void RenderPartialTypes(std::ostringstream& html, const RunView& view) {
  std::set<std::string> shown;
  for (const VerdictRow& v : view.verdicts) {
    const std::string_view note = host::PartialTypeNote(v.inferred);
    if (note.empty() || !shown.insert(v.inferred).second) continue;
    html << "<p class='note partial-type'>inferred <b>" << EscapeXml(v.inferred)
         << "</b>: " << EscapeXml(std::string(note)) << ".</p>";
  }
}

void RenderVerdicts(std::ostringstream& html, const RunView& view) {
  html << "<h2>Verdicts</h2><table id='verdicts'><tr><th>region</th><th>requested</th>"
          "<th>inferred</th><th>expected</th><th>verdict</th><th>evidence</th>"
          "<th>not observable here</th></tr>";
  for (const VerdictRow& v : view.verdicts)
    html << "<tr>" << TableCell(v.region) << TableCell(v.attribute) << TableCell(v.inferred)
         << TableCell(v.expected) << TableCell(v.verdict, v.verdict)
         << TableCell(Join(v.evidence, "; ")) << TableCell(Join(v.unobservable, "; ")) << "</tr>";
  html << "</table>";
  RenderPartialTypes(html, view);
  if (!view.failures.empty()) {
    html << "<h2>Failures</h2><ul id='failures'>";
    for (const auto& f : view.failures) html << "<li>" << EscapeXml(f) << "</li>";
    html << "</ul>";
  }
}

void RenderProbeMatrix(std::ostringstream& html, const RunView& view) {
  std::set<std::string> probes;
  std::map<std::string, std::map<std::string, const ProbeCell*>> rows;
  for (const ProbeCell& p : view.probes) {
    probes.insert(p.probe);
    rows[p.region + " / " + p.attribute][p.probe] = &p;
  }
  html << "<h2>Probe outcomes</h2><table id='probe-matrix'><tr><th>region / attribute</th>";
  for (const auto& p : probes) html << "<th>" << EscapeXml(p) << "</th>";
  html << "</tr>";
  for (const auto& [row, cells] : rows) {
    html << "<tr>" << TableCell(row);
    for (const auto& p : probes) {
      auto it = cells.find(p);
      if (it == cells.end()) {
        html << TableCell("—");
        continue;
      }
      const std::string text =
          it->second->kind + (it->second->detail.empty() ? "" : ": " + it->second->detail);
      html << TableCell(text, it->second->kind);
    }
    html << "</tr>";
  }
  html << "</table>";
}

// One chart per family: groups are kernel × region (× threads), series are attributes.
BarChart ChartFor(const RunView& view, const std::string& family, const std::string& title,
                  const std::string& unit, double (*value)(const CellMedian&)) {
  BarChart chart{.title = title, .unit = unit};
  std::map<std::string, std::map<std::string, double>> groups;
  std::set<std::string> series;
  for (const CellMedian& c : view.cells) {
    if (c.family != family) continue;
    const std::string group =
        c.kernel + " on " + c.region + (c.threads > 1 ? " ×" + std::to_string(c.threads) : "");
    groups[group][c.attribute] = value(c);
    series.insert(c.attribute);
  }
  chart.series.assign(series.begin(), series.end());
  for (const auto& [label, by_attribute] : groups) {
    BarGroup g{.label = label};
    for (const auto& s : chart.series) {
      auto it = by_attribute.find(s);
      g.values.push_back(it == by_attribute.end() ? std::nullopt
                                                  : std::optional<double>(it->second));
    }
    chart.groups.push_back(std::move(g));
  }
  return chart;
}

void RenderCharts(std::ostringstream& html, const RunView& view) {
  html << "<h2>Normal-WB vs Device: measurements</h2>";
  const BarChart charts[] = {
      ChartFor(view, "streaming", "Streaming bandwidth", "GB/s",
               [](const CellMedian& c) { return c.bytes_per_second / 1e9; }),
      ChartFor(view, "latency", "Load latency", "ns per load",
               [](const CellMedian& c) {
                 return c.items_per_second > 0 ? 1e9 / c.items_per_second : 0;
               }),
      ChartFor(view, "atomic", "LSE atomics", "Mops/s",
               [](const CellMedian& c) { return c.items_per_second / 1e6; }),
      ChartFor(view, "exclusive", "Load/store-exclusive", "Mops/s",
               [](const CellMedian& c) { return c.items_per_second / 1e6; })};
  for (const BarChart& chart : charts)
    if (!chart.groups.empty()) html << "<div>" << RenderSvgBarChart(chart) << "</div>";
}

void RenderBaseline(std::ostringstream& html, const compare::RunResults& run,
                    const compare::RunResults& baseline) {
  const compare::RunComparison c = compare::CompareRuns(baseline, run, {});
  html << "<h2>Changes against the baseline</h2><p>Baseline: "
       << EscapeXml(baseline.source.string()) << "</p>";
  if (!c.incomparable.empty()) html << "<p class='note'>" << EscapeXml(c.incomparable) << "</p>";
  html << "<table id='baseline-changes'><tr><th>what</th><th>baseline</th><th>this run</th></tr>";
  for (const auto* list : {&c.verdicts, &c.probes, &c.facts})
    for (const auto& x : *list)
      html << "<tr>" << TableCell(x.what) << TableCell(x.a) << TableCell(x.b) << "</tr>";
  html << "</table>";
  BarChart delta{.title = "Time change vs baseline", .unit = "%", .series = {"slower", "faster"}};
  for (const auto& b : c.benchmarks) {
    const double pct = 100 * b.relative_change;
    BarGroup g{.label = b.name + (b.significant ? " *" : "")};
    g.values = {pct > 0 ? std::optional(pct) : std::nullopt,
                pct < 0 ? std::optional(-pct) : std::nullopt};
    delta.groups.push_back(std::move(g));
  }
  if (!delta.groups.empty())
    html << "<div>" << RenderSvgBarChart(delta) << "</div><p>* significant: Mann–Whitney U "
         << "(compare.py's p-value), Holm–Bonferroni-corrected over the " << c.TestedCount()
         << " benchmarks tested, family-wise α = " << c.alpha
         << (c.timings_gate ? ""
                            : "; both runs under TCG: emulated timings, not counted as changes")
         << "</p>";
}

}  // namespace

std::string_view ReportStyle() { return kStyle; }

std::string TableCell(const std::string& text, const std::string& css_class) {
  return "<td" + (css_class.empty() ? "" : " class='" + EscapeXml(css_class) + "'") + ">" +
         EscapeXml(text) + "</td>";
}

std::string RenderHtmlReport(const compare::RunResults& run, const compare::RunResults* baseline) {
  const RunView view = MakeRunView(run.results);
  std::ostringstream html;
  html << "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>memattr report: "
       << EscapeXml(run.source.string()) << "</title><style>" << kStyle << "</style></head><body>"
       << "<h1>memattr qualification report</h1><p>Run: " << EscapeXml(run.source.string())
       << "</p>";
  RenderFacts(html, view);
  RenderVerdicts(html, view);
  RenderProbeMatrix(html, view);
  RenderCharts(html, view);
  if (baseline) RenderBaseline(html, run, *baseline);
  html << "</body></html>\n";
  return html.str();
}

}  // namespace memattr::report
