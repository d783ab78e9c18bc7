#include "run_comparison.h"

#include <algorithm>
#include <map>

#include "holm_bonferroni.h"
#include "mann_whitney.h"
#include "memattr/protocol/context_keys.h"
#include "results/median.h"
#include "results/results_reader.h"

namespace memattr::compare {

namespace keys = protocol::context_keys;
namespace {

using host::Median;
using nlohmann::json;

// The facts that explain a difference between two runs (results_format.md context keys).
constexpr const char* kFactKeys[] = {
    keys::kHostKernel,         keys::kGuestKernel, keys::kQemuVersion, keys::kAccel,
    keys::kCacheablePfnmapCap, keys::kFwb,         keys::kArch,        keys::kScenario};

std::string Str(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) return "";
  const json& v = object[key];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// run_name -> real_time of each repetition (run_type "iteration", no error).
struct Samples {
  std::vector<double> times;
  std::string unit;
};
std::map<std::string, Samples> CollectSamples(const json& results) {
  std::map<std::string, Samples> out;
  for (const json* run : host::MeasuredRepetitions(results)) {
    const std::string name = run->value("run_name", run->value("name", ""));
    Samples& s = out[name];
    s.times.push_back(run->value("real_time", 0.0));
    s.unit = run->value("time_unit", "ns");
  }
  return out;
}

BenchmarkChange CompareOne(const std::string& name, const Samples& a, const Samples& b,
                           const CompareOptions& options) {
  BenchmarkChange c{.name = name,
                    .repetitions_a = a.times.size(),
                    .repetitions_b = b.times.size(),
                    .median_a = Median(a.times),
                    .median_b = Median(b.times),
                    .time_unit = a.unit};
  c.relative_change = c.median_a != 0 ? (c.median_b - c.median_a) / c.median_a : 0;
  const std::size_t least = std::min(c.repetitions_a, c.repetitions_b);
  c.enough_repetitions = least >= options.optimal_repetitions;
  if (least >= options.min_repetitions) c.p_value = MannWhitneyU(a.times, b.times).p_value;
  return c;
}

// Holm–Bonferroni over the benchmarks that have a p-value; the others stay not significant.
void ApplyHolm(std::vector<BenchmarkChange>& benchmarks, double alpha) {
  std::vector<double> p;
  for (const BenchmarkChange& b : benchmarks)
    if (b.p_value) p.push_back(*b.p_value);
  const std::vector<double> adjusted = HolmAdjust(p);
  auto next = adjusted.begin();
  for (BenchmarkChange& b : benchmarks) {
    if (!b.p_value) continue;
    b.holm_p_value = *next++;
    b.significant = *b.holm_p_value < alpha;
  }
}

// key -> value, for verdicts ("region/attribute verdict") and probes.
std::map<std::string, std::string> KeyedOutcomes(const json& results, const char* list,
                                                 bool probes) {
  std::map<std::string, std::string> out;
  const json memattr = results.value("memattr", json::object());
  for (const json& item : memattr.value(list, json::array())) {
    std::string key = Str(item, "region") + "/" + Str(item, "attribute");
    if (probes) {
      key += " probe " + Str(item, "probe");
      out[key] = Str(item.value("outcome", json::object()), "kind");
    } else {
      key += " verdict";
      out[key] = Str(item, "verdict") + " (inferred " + Str(item, "inferred") + ")";
    }
  }
  return out;
}

void DiffMaps(const std::map<std::string, std::string>& a,
              const std::map<std::string, std::string>& b, std::vector<LabelledChange>& out) {
  for (const auto& [key, value] : a) {
    auto it = b.find(key);
    const std::string other = it == b.end() ? "(absent)" : it->second;
    if (other != value) out.push_back({key, value, other});
  }
  for (const auto& [key, value] : b)
    if (!a.contains(key)) out.push_back({key, "(absent)", value});
}

}  // namespace

Result<RunResults> LoadRunResults(const std::filesystem::path& path) {
  auto doc = host::ReadResultsDocument(path);
  if (!doc) return doc.error();
  return RunResults{.source = path, .results = std::move(doc->json)};
}

std::size_t RunComparison::SignificantCount() const {
  return std::count_if(benchmarks.begin(), benchmarks.end(),
                       [](const BenchmarkChange& c) { return c.significant; });
}

std::size_t RunComparison::TestedCount() const {
  return std::count_if(benchmarks.begin(), benchmarks.end(),
                       [](const BenchmarkChange& c) { return c.p_value.has_value(); });
}

std::size_t RunComparison::UnreliableCount() const {
  return std::count_if(benchmarks.begin(), benchmarks.end(),
                       [](const BenchmarkChange& c) { return c.p_value && !c.enough_repetitions; });
}

std::size_t RunComparison::UncorrectedSignificantCount() const {
  return std::count_if(benchmarks.begin(), benchmarks.end(), [this](const BenchmarkChange& c) {
    return c.p_value && *c.p_value < alpha;
  });
}

RunComparison CompareRuns(const RunResults& a, const RunResults& b, const CompareOptions& options) {
  RunComparison out{.alpha = options.alpha};
  out.timings_emulated = Str(a.results["context"], keys::kAccel) == "tcg" &&
                         Str(b.results["context"], keys::kAccel) == "tcg";
  out.timings_gate = !out.timings_emulated || options.gate_emulated_timings;
  const json& ca = a.results["context"];
  const json& cb = b.results["context"];
  for (const char* key : kFactKeys)
    if (Str(ca, key) != Str(cb, key)) out.facts.push_back({key, Str(ca, key), Str(cb, key)});
  for (const char* key : {keys::kArch, keys::kAccel})
    if (Str(ca, key) != Str(cb, key))
      out.incomparable = std::string(key) + " differs (" + Str(ca, key) + " vs " + Str(cb, key) +
                         "): timings of different platforms are not alike";
  DiffMaps(KeyedOutcomes(a.results, "verdicts", false), KeyedOutcomes(b.results, "verdicts", false),
           out.verdicts);
  DiffMaps(KeyedOutcomes(a.results, "probes", true), KeyedOutcomes(b.results, "probes", true),
           out.probes);
  if (!out.incomparable.empty()) return out;
  const auto sa = CollectSamples(a.results);
  const auto sb = CollectSamples(b.results);
  for (const auto& [name, samples] : sa) {
    auto it = sb.find(name);
    if (it == sb.end())
      out.only_in_a.push_back(name);
    else
      out.benchmarks.push_back(CompareOne(name, samples, it->second, options));
  }
  for (const auto& [name, samples] : sb)
    if (!sa.contains(name)) out.only_in_b.push_back(name);
  ApplyHolm(out.benchmarks, options.alpha);
  return out;
}

int ComparisonExitCode(const RunComparison& c) {
  if (!c.incomparable.empty()) return 2;
  const bool timing_changed = c.timings_gate && c.SignificantCount() > 0;
  const bool changed = timing_changed || !c.verdicts.empty() || !c.probes.empty();
  return changed ? 1 : 0;
}

}  // namespace memattr::compare
