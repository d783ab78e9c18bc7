#include "results/run_summary.h"

#include <cstdio>
#include <sstream>

#include "memattr/protocol/context_keys.h"
#include "results/inferred_precision.h"

namespace memattr::host {

namespace keys = protocol::context_keys;
namespace {

using json = nlohmann::json;

// Checked reads: results.json can come from anywhere, and a missing or wrongly typed field gives
// the fallback here, never a type_error (CheckResultsShape has named it already).
std::string Text(const json& object, const char* key, const char* fallback = "") {
  const auto it = object.is_object() ? object.find(key) : object.end();
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

double Number(const json& object, const char* key) {
  const auto it = object.is_object() ? object.find(key) : object.end();
  return it != object.end() && it->is_number() ? it->get<double>() : 0;
}

// results[section] (or results["memattr"][section]) as an array; empty when absent.
const json& List(const json& results, const char* section, bool in_memattr = true) {
  static const json kEmpty = json::array();
  const json* parent = &results;
  if (in_memattr) {
    const auto m = results.is_object() ? results.find("memattr") : results.end();
    if (m == results.end() || !m->is_object()) return kEmpty;
    parent = &*m;
  }
  const auto it = parent->find(section);
  return it != parent->end() && it->is_array() ? *it : kEmpty;
}

// Best bytes_per_second of a region/attribute, and how its probes ended: "1.2 GB/s;
// unaligned_load_8=fault".
std::string KeyFigures(const nlohmann::json& results, const std::string& region,
                       const std::string& attribute) {
  double best = 0;
  for (const auto& b : List(results, "benchmarks", /*in_memattr=*/false))
    if (Text(b, "memattr_region") == region && Text(b, "memattr_attribute") == attribute)
      best = std::max(best, Number(b, "bytes_per_second"));
  std::string out;
  if (best > 0) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f GB/s", best / 1e9);
    out = text;
  }
  for (const auto& p : List(results, "probes")) {
    if (Text(p, "region") != region || Text(p, "attribute") != attribute) continue;
    const json outcome = p.is_object() ? p.value("outcome", json::object()) : json::object();
    out += (out.empty() ? "" : "; ") + Text(p, "probe") + "=" + Text(outcome, "kind", "?");
  }
  return out;
}

std::string Row(const std::string& a, const std::string& b, const std::string& c,
                const std::string& d, const std::string& e) {
  char line[512];
  std::snprintf(line, sizeof line, "%-12s %-14s %-12s %-13s %s\n", a.c_str(), b.c_str(), c.c_str(),
                d.c_str(), e.c_str());
  return line;
}

}  // namespace

std::string RenderRunSummary(const nlohmann::json& results) {
  std::ostringstream out;
  const json ctx = results.is_object() ? results.value("context", json::object()) : json::object();
  out << "memattr run: scenario " << Text(ctx, keys::kScenario, "?") << ", accel "
      << Text(ctx, keys::kAccel, "?") << ", status " << Text(ctx, keys::kStatus, "?") << "\n";
  if (Text(ctx, keys::kAccel) == "tcg")
    out << "note: TCG timings are emulated; only probe outcomes say anything about memory types\n";
  out << Row("region", "requested", "inferred", "verdict", "key figures");
  for (const auto& v : List(results, "verdicts")) {
    const std::string region = Text(v, "region"), attribute = Text(v, "attribute");
    out << Row(region, attribute, Text(v, "inferred"), Text(v, "verdict"),
               KeyFigures(results, region, attribute));
  }
  for (const std::string& line : PartialTypeLegend(List(results, "verdicts")))
    out << "inferred " << line << "\n";
  for (const auto& r : List(results, "regions"))
    if (r.is_object() && r.contains("skipped"))
      out << "skipped region " << Text(r, "name") << ": " << Text(r, "skipped") << "\n";
  for (const auto& f : List(results, "failures"))
    out << "FAIL boot " << (f.is_object() ? f.value("boot", json(0)) : json(0)).dump() << " at "
        << Text(f, "step") << ": " << Text(f, "reason") << "\n";
  return out.str();
}

bool ResultsAsExpected(const nlohmann::json& results) {
  if (!List(results, "failures").empty()) return false;
  if (List(results, "verdicts").empty()) return false;
  for (const auto& v : List(results, "verdicts")) {
    const std::string verdict = Text(v, "verdict");
    if (verdict == "degraded" || verdict == "unsafe") return false;
  }
  return true;
}

}  // namespace memattr::host
