#include "comparison_format.h"

#include <cstdio>
#include <sstream>

namespace memattr::compare {
namespace {

std::string Fixed(double v, const char* format) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

void AppendChanges(std::ostringstream& out, const char* title,
                   const std::vector<LabelledChange>& changes) {
  if (changes.empty()) return;
  out << "\n" << title << ":\n";
  for (const LabelledChange& c : changes) out << "  " << c.what << ": " << c.a << " -> " << c.b << "\n";
}

std::string Significance(const BenchmarkChange& c) {
  if (!c.p_value) return "too few repetitions";
  std::string s = c.significant ? "SIGNIFICANT" : "not significant";
  if (!c.enough_repetitions) s += " (fewer than 9 repetitions)";
  return s;
}

}  // namespace

std::string FormatComparison(const RunComparison& c, const std::string& label_a,
                             const std::string& label_b) {
  std::ostringstream out;
  out << "A: " << label_a << "\nB: " << label_b << "\n";
  AppendChanges(out, "Facts that differ", c.facts);
  AppendChanges(out, "Verdict changes", c.verdicts);
  AppendChanges(out, "Probe outcome changes", c.probes);
  if (!c.incomparable.empty()) {
    out << "\nTimings not compared: " << c.incomparable << "\n";
    return out.str();
  }
  char header[200];
  std::snprintf(header, sizeof header, "%-64s %12s %12s %8s %8s  %s\n", "benchmark", "A median",
                "B median", "change", "p-value", "significance");
  out << "\n" << header;
  for (const BenchmarkChange& b : c.benchmarks) {
    char row[400];
    std::snprintf(row, sizeof row, "%-64s %10.4g%-2s %10.4g%-2s %+7.1f%% %8s  %s\n",
                  b.name.c_str(), b.median_a, b.time_unit.c_str(), b.median_b,
                  b.time_unit.c_str(), 100 * b.relative_change,
                  b.p_value ? Fixed(*b.p_value, "%.4f").c_str() : "-", Significance(b).c_str());
    out << row;
  }
  for (const auto& name : c.only_in_a) out << "only in A: " << name << "\n";
  for (const auto& name : c.only_in_b) out << "only in B: " << name << "\n";
  out << "\n" << c.SignificantCount() << " significant timing change(s), " << c.verdicts.size()
      << " verdict change(s), " << c.probes.size() << " probe outcome change(s)\n";
  return out.str();
}

nlohmann::json ComparisonToJson(const RunComparison& c) {
  using nlohmann::json;
  auto changes = [](const std::vector<LabelledChange>& v) {
    json arr = json::array();
    for (const auto& x : v) arr.push_back({{"what", x.what}, {"a", x.a}, {"b", x.b}});
    return arr;
  };
  json benchmarks = json::array();
  for (const BenchmarkChange& b : c.benchmarks) {
    benchmarks.push_back({{"name", b.name}, {"repetitions_a", b.repetitions_a},
                          {"repetitions_b", b.repetitions_b}, {"median_a", b.median_a},
                          {"median_b", b.median_b}, {"time_unit", b.time_unit},
                          {"relative_change", b.relative_change},
                          {"p_value", b.p_value ? json(*b.p_value) : json(nullptr)},
                          {"significant", b.significant},
                          {"enough_repetitions", b.enough_repetitions}});
  }
  return {{"schema", "memattr.compare/1"}, {"incomparable", c.incomparable},
          {"facts", changes(c.facts)}, {"verdicts", changes(c.verdicts)},
          {"probes", changes(c.probes)}, {"benchmarks", benchmarks},
          {"only_in_a", c.only_in_a}, {"only_in_b", c.only_in_b},
          {"exit_code", ComparisonExitCode(c)}};
}

}  // namespace memattr::compare
