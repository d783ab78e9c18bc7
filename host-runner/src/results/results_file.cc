#include "results/results_file.h"

#include <unistd.h>

#include <ctime>
#include <thread>

#include "memattr/protocol/context_keys.h"

namespace memattr::host {

namespace keys = protocol::context_keys;
namespace {

std::string HostName() {
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  return name;
}

std::string IsoDate() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::localtime_r(&now, &tm);
  char text[64];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S%z", &tm);
  return text;
}

nlohmann::json BenchmarkEntry(const nlohmann::json& e) {
  nlohmann::json b = e.value("run", nlohmann::json::object());
  b["memattr_region"] = e.value("region", "");
  b["memattr_attribute"] = e.value("attribute", "");
  b["memattr_kernel"] = e.value("kernel", "");
  b["memattr_threads"] = e.value("threads", 1);
  if (e.contains("backing")) b["memattr_backing"] = e["backing"];
  return b;
}

// A host-observed outcome (the probe took an earlier boot down) keeps its marks and the host's
// lines.
nlohmann::json ProbeEntry(const nlohmann::json& e) {
  nlohmann::json p{{"region", e.value("region", "")},
                   {"attribute", e.value("attribute", "")},
                   {"probe", e.value("probe", "")},
                   {"outcome", e.value("outcome", nlohmann::json::object())}};
  for (const char* key : {"source", "host_outcome", "evidence"})
    if (e.contains(key)) p[key] = e[key];
  return p;
}

}  // namespace

// The fields Google Benchmark's own context has, so tools that expect them find them.
ResultsFile::ResultsFile() {
  context_ = {{"date", IsoDate()},
              {"host_name", HostName()},
              {"executable", "memattr-host"},
              {"num_cpus", std::thread::hardware_concurrency()},
              {"mhz_per_cpu", 0},
              {"cpu_scaling_enabled", false},
              {"caches", nlohmann::json::array()},
              {"load_avg", nlohmann::json::array()},
              {"library_build_type", "release"},
              {keys::kSchema, kResultsSchema}};
}

void ResultsFile::AddEvent(const nlohmann::json& e) {
  const std::string kind = e.value("event", "");
  if (kind == "measurement")
    benchmarks_.push_back(BenchmarkEntry(e));
  else if (kind == "region_found")
    regions_.push_back(e.value("region", nlohmann::json::object()));
  else if (kind == "region_skipped")
    regions_.push_back({{"name", e.value("region", "")}, {"skipped", e.value("reason", "")}});
  else if (kind == "probe_outcome")
    probes_.push_back(ProbeEntry(e));
  else if (kind == "verdict") {
    nlohmann::json v = e;
    for (const char* k : {"schema", "event", "seq", "time"}) v.erase(k);
    verdicts_.push_back(std::move(v));
  }
}

void ResultsFile::AddSkippedRegion(const std::string& name, const std::string& kind,
                                   const std::string& reason) {
  regions_.push_back({{"name", name}, {"kind", kind}, {"skipped", reason}, {"source", "host"}});
}

void ResultsFile::AddFailure(int boot, const std::string& step, const std::string& reason) {
  failures_.push_back({{"boot", boot}, {"step", step}, {"reason", reason}});
}

nlohmann::json ResultsFile::ToJson() const {
  return {{"context", context_},
          {"benchmarks", benchmarks_},
          {"memattr",
           {{"regions", regions_},
            {"probes", probes_},
            {"verdicts", verdicts_},
            {"failures", failures_},
            {"labels", labels_}}}};
}

}  // namespace memattr::host
