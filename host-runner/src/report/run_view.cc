#include "run_view.h"

#include <tuple>

#include "memattr/protocol/context_keys.h"
#include "memattr/protocol/kernel_families.h"
#include "results/median.h"
#include "results/results_reader.h"

namespace memattr::report {

namespace keys = protocol::context_keys;
namespace {

using host::Median;
using nlohmann::json;

std::string Str(const json& o, const char* key) {
  if (!o.is_object() || !o.contains(key)) return "";
  return o[key].is_string() ? o[key].get<std::string>() : o[key].dump();
}

std::vector<std::string> Strings(const json& o, const char* key) {
  std::vector<std::string> out;
  if (o.is_object() && o.contains(key) && o[key].is_array())
    for (const json& v : o[key]) out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

double ToNanoseconds(double t, const std::string& unit) {
  if (unit == "us") return t * 1e3;
  if (unit == "ms") return t * 1e6;
  if (unit == "s") return t * 1e9;
  return t;
}

std::string FamilyOf(const std::string& kernel) {
  if (auto family = protocol::KernelFamilyOf(kernel)) return std::string(ToString(*family));
  return kernel.substr(0, kernel.find('_'));  // "stream_…" → "stream": unknown here, shown as is
}

std::vector<CellMedian> Cells(const json& results) {
  using Key = std::tuple<std::string, std::string, std::string, int>;
  std::map<Key, std::vector<const json*>> runs;
  for (const json* run : host::MeasuredRepetitions(results)) {
    runs[{Str(*run, "memattr_kernel"), Str(*run, "memattr_region"), Str(*run, "memattr_attribute"),
          run->value("memattr_threads", run->value("threads", 1))}]
        .push_back(run);
  }
  std::vector<CellMedian> out;
  for (const auto& [key, list] : runs) {
    std::vector<double> bps, ips, ns;
    for (const json* r : list) {
      bps.push_back(r->value("bytes_per_second", 0.0));
      ips.push_back(r->value("items_per_second", 0.0));
      ns.push_back(ToNanoseconds(r->value("real_time", 0.0), r->value("time_unit", "ns")));
    }
    const auto& [kernel, region, attribute, threads] = key;
    out.push_back({kernel, FamilyOf(kernel), region, attribute, threads, Median(bps), Median(ips),
                   Median(ns)});
  }
  return out;
}

}  // namespace

RunView MakeRunView(const json& results) {
  RunView view;
  const json context = results.value("context", json::object());
  for (const auto& [key, value] : context.items())
    if (key.rfind(keys::kPrefix, 0) == 0)
      view.facts[key] = value.is_string() ? value.get<std::string>() : value.dump();
  const json memattr = results.value("memattr", json::object());
  for (const json& v : memattr.value("verdicts", json::array()))
    view.verdicts.push_back({Str(v, "region"), Str(v, "attribute"), Str(v, "inferred"),
                             Str(v, "expected"), Str(v, "verdict"), Strings(v, "evidence"),
                             Strings(v, "unobservable")});
  for (const json& p : memattr.value("probes", json::array())) {
    const json outcome = p.value("outcome", json::object());
    view.probes.push_back({Str(p, "region"), Str(p, "attribute"), Str(p, "probe"),
                           Str(outcome, "kind"), Str(outcome, "reason")});
  }
  for (const json& f : memattr.value("failures", json::array()))
    view.failures.push_back("boot " + Str(f, "boot") + ": " + Str(f, "step") + ": " +
                            Str(f, "reason"));
  view.cells = Cells(results);
  return view;
}

}  // namespace memattr::report
