#include "openmetrics_writer.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace memattr::host_export {
namespace {

std::string EscapeLabelValue(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string FormatNumber(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

std::string LabelSet(const prometheus::ClientMetric& metric) {
  if (metric.label.empty()) return {};
  std::string out = "{";
  for (std::size_t i = 0; i < metric.label.size(); ++i) {
    if (i) out += ',';
    out += metric.label[i].name + "=\"" + EscapeLabelValue(metric.label[i].value) + '"';
  }
  return out + '}';
}

std::string FamilyName(const prometheus::MetricFamily& family) {
  constexpr std::string_view kTotal = "_total";
  const bool counter = family.type == prometheus::MetricType::Counter;
  if (counter && family.name.ends_with(kTotal)) {
    return family.name.substr(0, family.name.size() - kTotal.size());
  }
  return family.name;
}

}  // namespace

std::string ToOpenMetrics(const std::vector<prometheus::MetricFamily>& families,
                          double timestamp_seconds) {
  std::ostringstream out;
  const std::string timestamp = FormatNumber(timestamp_seconds);
  for (const prometheus::MetricFamily& family : families) {
    const bool counter = family.type == prometheus::MetricType::Counter;
    const std::string name = FamilyName(family);
    out << "# TYPE " << name << (counter ? " counter\n" : " gauge\n");
    out << "# HELP " << name << ' ' << family.help << '\n';
    for (const prometheus::ClientMetric& metric : family.metric) {
      const double value = counter ? metric.counter.value : metric.gauge.value;
      out << name << (counter ? "_total" : "") << LabelSet(metric) << ' ' << FormatNumber(value)
          << ' ' << timestamp << '\n';
    }
  }
  out << "# EOF\n";
  return out.str();
}

Status WriteOpenMetricsFile(const std::vector<prometheus::MetricFamily>& families,
                            double timestamp_seconds, const std::filesystem::path& file) {
  const std::filesystem::path temporary = file.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    if (!out) return ErrnoError(temporary.string(), "open for writing");
    out << ToOpenMetrics(families, timestamp_seconds);
    out.flush();
    if (!out) return ErrnoError(temporary.string(), "write");
  }
  std::error_code error;
  std::filesystem::rename(temporary, file, error);
  if (error)
    return Error{file.string() + ": rename from " + temporary.string() + ": " + error.message()};
  return OkStatus();
}

}  // namespace memattr::host_export
