#include "svg_bar_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "memattr/label_value.h"

namespace memattr::report {
namespace {

constexpr int kMinLabelColumn = 120;
constexpr int kPlotWidth = 420;
constexpr int kBarHeight = 14;
constexpr int kGroupGap = 10;
constexpr const char* kPalette[] = {"#2b7bba", "#d95f02", "#7570b3", "#1b9e77", "#e7298a"};

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

double MaxValue(const BarChart& chart) {
  double max = 0;
  for (const BarGroup& g : chart.groups)
    for (const auto& v : g.values)
      if (v) max = std::max(max, *v);
  return max > 0 ? max : 1;
}

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

int LabelColumn(const BarChart& chart) {
  double widest = 0;
  for (const BarGroup& g : chart.groups) widest = std::max(widest, EstimateTextWidth(g.label));
  const int column = static_cast<int>(std::ceil(widest)) + kLabelGap;
  return std::clamp(column, kMinLabelColumn, kMaxLabelColumn);
}

// The label as drawn: whole if it fits the column, else cut at a code point and ended by "…".
std::string FittedLabel(const std::string& label, int column) {
  const double room = column - kLabelGap;
  if (EstimateTextWidth(label) <= room) return label;
  const auto keep = static_cast<std::size_t>(room / kCharWidth) - 1;  // one for "…"
  std::size_t end = 0;
  for (std::size_t points = 0; end < label.size() && points < keep; ++points)
    for (++end; end < label.size() && IsContinuationByte(label[end]);) ++end;
  return label.substr(0, end) + "…";
}

void RenderLabel(std::ostringstream& svg, const std::string& label, int column, int y) {
  const std::string shown = FittedLabel(label, column);
  svg << "<text class='label' x='0' y='" << y << "'>";
  if (shown != label) svg << "<title>" << EscapeXml(label) << "</title>";
  svg << EscapeXml(shown) << "</text>";
}

void RenderLegend(std::ostringstream& svg, const BarChart& chart, int x, int y) {
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    svg << "<rect x='" << x << "' y='" << y - 10 << "' width='10' height='10' fill='"
        << kPalette[s % 5] << "'/><text x='" << x + 14 << "' y='" << y << "'>"
        << EscapeXml(chart.series[s]) << "</text>";
    x += 24 + 8 * static_cast<int>(chart.series[s].size());
  }
}

}  // namespace

double EstimateTextWidth(const std::string& utf8_text) {
  const auto points = std::count_if(utf8_text.begin(), utf8_text.end(),
                                    [](char c) { return !IsContinuationByte(c); });
  return kCharWidth * static_cast<double>(points);
}

std::string EscapeXml(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const std::size_t length = Utf8SequenceLength(text, i);
    const std::string_view sequence =
        std::string_view(text).substr(i, std::max<std::size_t>(1, length));
    i += sequence.size();
    if (length == 0 || sequence == "\xef\xbf\xbe" || sequence == "\xef\xbf\xbf") {
      out += "\xef\xbf\xbd";  // not UTF-8, or U+FFFE/U+FFFF: U+FFFD, as XML allows neither
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          char escaped[8];  // XML 1.0 has no way to carry C0 controls: show them as \xNN
          std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned char>(c));
          out += escaped;
        } else {
          out += sequence;
        }
    }
  }
  return out;
}

std::string RenderSvgBarChart(const BarChart& chart) {
  const double max = MaxValue(chart);
  const int column = LabelColumn(chart);
  const int group_height = kBarHeight * static_cast<int>(chart.series.size()) + kGroupGap;
  const int height = 50 + group_height * static_cast<int>(chart.groups.size());
  std::ostringstream svg;
  svg << "<svg class='chart' xmlns='http://www.w3.org/2000/svg' width='" << column + kPlotWidth + 80
      << "' height='" << height << "' font-family='sans-serif' font-size='11'><title>"
      << EscapeXml(chart.title) << "</title><text x='0' y='14' font-weight='bold'>"
      << EscapeXml(chart.title + " (" + chart.unit + ")") << "</text>";
  RenderLegend(svg, chart, column, 34);
  int y = 44;
  for (const BarGroup& group : chart.groups) {
    RenderLabel(svg, group.label, column, y + group_height / 2);
    for (std::size_t s = 0; s < chart.series.size(); ++s, y += kBarHeight) {
      const auto value = s < group.values.size() ? group.values[s] : std::nullopt;
      if (!value) continue;
      const int width = std::max(1, static_cast<int>(*value / max * kPlotWidth));
      svg << "<rect class='bar' x='" << column << "' y='" << y << "' width='" << width
          << "' height='" << kBarHeight - 2 << "' fill='" << kPalette[s % 5] << "'><title>"
          << EscapeXml(chart.series[s] + ": " + Number(*value) + " " + chart.unit)
          << "</title></rect><text x='" << column + width + 4 << "' y='" << y + 10 << "'>"
          << Number(*value) << "</text>";
    }
    y += kGroupGap;
  }
  svg << "</svg>";
  return svg.str();
}

}  // namespace memattr::report
