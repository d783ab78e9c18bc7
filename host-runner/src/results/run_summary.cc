#include "results/run_summary.h"

#include <cstdio>
#include <sstream>

#include "memattr/protocol/context_keys.h"
#include "results/inferred_precision.h"

namespace memattr::host {

namespace keys = protocol::context_keys;
namespace {

// Best bytes_per_second of a region/attribute, and how its probes ended: "1.2 GB/s;
// unaligned_load_8=fault".
std::string KeyFigures(const nlohmann::json& results, const std::string& region,
                       const std::string& attribute) {
  double best = 0;
  for (const auto& b : results["benchmarks"])
    if (b.value("memattr_region", "") == region && b.value("memattr_attribute", "") == attribute)
      best = std::max(best, b.value("bytes_per_second", 0.0));
  std::string out;
  if (best > 0) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f GB/s", best / 1e9);
    out = text;
  }
  for (const auto& p : results["memattr"]["probes"]) {
    if (p.value("region", "") != region || p.value("attribute", "") != attribute) continue;
    out += (out.empty() ? "" : "; ") + p.value("probe", "") + "=" + p["outcome"].value("kind", "?");
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
  const auto& ctx = results["context"];
  out << "memattr run: scenario " << ctx.value(keys::kScenario, "?") << ", accel "
      << ctx.value(keys::kAccel, "?") << ", status " << ctx.value(keys::kStatus, "?") << "\n";
  if (ctx.value(keys::kAccel, "") == "tcg")
    out << "note: TCG timings are emulated; only probe outcomes say anything about memory types\n";
  out << Row("region", "requested", "inferred", "verdict", "key figures");
  for (const auto& v : results["memattr"]["verdicts"]) {
    const std::string region = v.value("region", ""), attribute = v.value("attribute", "");
    out << Row(region, attribute, v.value("inferred", ""), v.value("verdict", ""),
               KeyFigures(results, region, attribute));
  }
  for (const std::string& line : PartialTypeLegend(results["memattr"]["verdicts"]))
    out << "inferred " << line << "\n";
  for (const auto& r : results["memattr"]["regions"])
    if (r.contains("skipped"))
      out << "skipped region " << r.value("name", "") << ": " << r.value("skipped", "") << "\n";
  for (const auto& f : results["memattr"]["failures"])
    out << "FAIL boot " << f.value("boot", 0) << " at " << f.value("step", "") << ": "
        << f.value("reason", "") << "\n";
  return out.str();
}

int ExitCodeForResults(const nlohmann::json& results) {
  if (!results["memattr"]["failures"].empty()) return 1;
  if (results["memattr"]["verdicts"].empty()) return 1;
  for (const auto& v : results["memattr"]["verdicts"]) {
    const std::string verdict = v.value("verdict", "");
    if (verdict == "degraded" || verdict == "unsafe") return 1;
  }
  return 0;
}

}  // namespace memattr::host
