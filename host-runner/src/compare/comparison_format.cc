#include "comparison_format.h"

#include <algorithm>
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
  for (const LabelledChange& c : changes)
    out << "  " << c.what << ": " << c.a << " -> " << c.b << "\n";
}

std::string Significance(const BenchmarkChange& c, const RunComparison& comparison) {
  if (!c.p_value) return "not tested: fewer than 2 repetitions";
  std::string s = !c.significant            ? (*c.p_value < comparison.alpha
                                                   ? "not significant (p < alpha before Holm correction)"
                                                   : "not significant")
                  : comparison.timings_gate ? "SIGNIFICANT"
                                            : "significant (emulated timings: not counted)";
  if (!c.enough_repetitions) s += " (fewer than 9 repetitions: unreliable)";
  return s;
}

std::string OptionalFixed(const std::optional<double>& v) { return v ? Fixed(*v, "%.4f") : "-"; }

void AppendSummary(std::ostringstream& out, const RunComparison& c) {
  const std::size_t tested = c.TestedCount();
  out << "\n" << c.benchmarks.size() << " benchmark(s) compared: " << tested << " tested";
  if (c.UnreliableCount() > 0)
    out << " (" << c.UnreliableCount() << " with fewer than 9 repetitions: unreliable)";
  if (tested < c.benchmarks.size())
    out << ", " << c.benchmarks.size() - tested
        << " NOT tested: fewer than 2 repetitions on a side, no p-value";
  out << "\n"
      << c.SignificantCount() << " significant timing change(s) at family-wise alpha "
      << Fixed(c.alpha, "%g") << " (Holm-Bonferroni over " << tested << " test(s); "
      << c.UncorrectedSignificantCount() << " with uncorrected p < " << Fixed(c.alpha, "%g")
      << ", as compare.py flags them), " << c.verdicts.size() << " verdict change(s), "
      << c.probes.size() << " probe outcome change(s)\n";
  if (!c.timings_gate)
    out << "Timings are emulated (TCG) on both sides: timing changes are shown but not counted "
           "in the exit code; an A/A under TCG shows host-load drift between runs "
           "(docs/compare.md; --gate-emulated-timings counts them)\n";
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
  int width = 64;
  for (const BenchmarkChange& b : c.benchmarks)
    width = std::max(width, static_cast<int>(b.name.size()));
  char header[300];
  std::snprintf(header, sizeof header, "%-*s %12s %12s %8s %8s %8s  %s\n", width, "benchmark",
                "A median", "B median", "change", "p-value", "Holm p", "significance");
  out << "\n" << header;
  for (const BenchmarkChange& b : c.benchmarks) {
    char row[600];
    std::snprintf(row, sizeof row, "%-*s %10.4g%-2s %10.4g%-2s %+7.1f%% %8s %8s  %s\n", width,
                  b.name.c_str(), b.median_a, b.time_unit.c_str(), b.median_b, b.time_unit.c_str(),
                  100 * b.relative_change, OptionalFixed(b.p_value).c_str(),
                  OptionalFixed(b.holm_p_value).c_str(), Significance(b, c).c_str());
    out << row;
  }
  for (const auto& name : c.only_in_a) out << "only in A: " << name << "\n";
  for (const auto& name : c.only_in_b) out << "only in B: " << name << "\n";
  AppendSummary(out, c);
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
    benchmarks.push_back({{"name", b.name},
                          {"repetitions_a", b.repetitions_a},
                          {"repetitions_b", b.repetitions_b},
                          {"median_a", b.median_a},
                          {"median_b", b.median_b},
                          {"time_unit", b.time_unit},
                          {"relative_change", b.relative_change},
                          {"p_value", b.p_value ? json(*b.p_value) : json(nullptr)},
                          {"holm_p_value", b.holm_p_value ? json(*b.holm_p_value) : json(nullptr)},
                          {"significant", b.significant},
                          {"enough_repetitions", b.enough_repetitions}});
  }
  const json significance = {{"correction", "holm-bonferroni"},
                             {"alpha", c.alpha},
                             {"compared", c.benchmarks.size()},
                             {"tested", c.TestedCount()},
                             {"not_tested", c.benchmarks.size() - c.TestedCount()},
                             {"unreliable", c.UnreliableCount()},
                             {"significant", c.SignificantCount()},
                             {"significant_uncorrected", c.UncorrectedSignificantCount()},
                             {"timings_emulated", c.timings_emulated},
                             {"timings_gate", c.timings_gate}};
  return {{"schema", "memattr.compare/2"},   {"incomparable", c.incomparable},
          {"significance", significance},    {"facts", changes(c.facts)},
          {"verdicts", changes(c.verdicts)}, {"probes", changes(c.probes)},
          {"benchmarks", benchmarks},        {"only_in_a", c.only_in_a},
          {"only_in_b", c.only_in_b},        {"exit_code", ComparisonExitCode(c)}};
}

}  // namespace memattr::compare
