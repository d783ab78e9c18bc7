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

std::string RenderSvgBarChart(const BarChart& chart);
// Escapes &, <, >, " and ' for HTML/XML text and attributes.
std::string EscapeXml(const std::string& text);

}  // namespace memattr::report
