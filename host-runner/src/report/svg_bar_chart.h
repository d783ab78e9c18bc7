// Grouped horizontal bar charts as inline SVG, so reports need no scripts and no network.
//   BarChart chart{.title = "Bandwidth", .unit = "GB/s", .series = {"normal-wb", "device-ngnre"}};
//   chart.groups.push_back({"stream_read_simd on bar0", {12.1, 0.8}});
//   std::string svg = RenderSvgBarChart(chart);
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace memattr::report {

struct BarGroup {
  std::string label;
  std::vector<std::optional<double>> values;  // one per series; nullopt = not measured
};

struct BarChart {
  std::string title;
  std::string unit;
  std::vector<std::string> series;
  std::vector<BarGroup> groups;
};

// Group labels sit in a column sized from the longest label (EstimateTextWidth), at most
// kMaxLabelColumn wide; a longer label is cut with "…" and keeps its full text in a <title>.
// Labels are <text class='label'>; bars start at the column's right edge.
std::string RenderSvgBarChart(const BarChart& chart);

// Upper bound of the width in pixels of `text` in the charts' font (sans-serif, 11 px):
// kCharWidth per code point. DejaVu Sans / Liberation Sans stay below it for our labels
// (report_render_test.py measures that in Chromium).
inline constexpr double kCharWidth = 7.0;
inline constexpr int kLabelGap = 8;          // between a label's end and the bars
inline constexpr int kMaxLabelColumn = 600;  // label column, gap included
double EstimateTextWidth(const std::string& utf8_text);
// Escapes &, <, >, " and ' for HTML/XML text and attributes, and keeps the result well-formed
// XML 1.0 whatever the input: C0 controls other than tab/newline/CR become the text \xNN,
// bytes that are not UTF-8 (and U+FFFE/U+FFFF) become U+FFFD.
std::string EscapeXml(const std::string& text);

}  // namespace memattr::report
