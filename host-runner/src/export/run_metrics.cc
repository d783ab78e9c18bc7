#include "run_metrics.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>

#include "memattr/protocol/context_keys.h"
#include "memattr/protocol/metric_names.h"
#include "memattr/protocol/schema_ids.h"
#include "results/median.h"
#include "results/results_reader.h"

namespace memattr::host_export {

namespace keys = protocol::context_keys;
namespace {

using json = nlohmann::json;

constexpr const char* kSchema = protocol::kResultsSchema;

std::string StringField(const json& object, const char* key, const std::string& fallback) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_boolean()) return it->get<bool>() ? "1" : "0";
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return it->dump();
}

std::optional<double> NumberField(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (it->is_number()) return it->get<double>();
  if (!it->is_string()) return std::nullopt;
  char* end = nullptr;
  const std::string text = it->get<std::string>();
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return std::nullopt;
  return value;
}

// "unavailable: no /dev/kvm" -> "unavailable": keep label values bounded.
std::string BoundedFact(std::string value) {
  const auto colon = value.find(':');
  if (colon != std::string::npos) value.resize(colon);
  while (!value.empty() && value.back() == ' ') value.pop_back();
  return value.empty() ? "unknown" : value;
}

// "6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian ..." -> "6.1.0-28-amd64": the release alone.
std::string FirstWord(const std::string& value) {
  const auto begin = value.find_first_not_of(' ');
  if (begin == std::string::npos) return "unknown";
  return value.substr(begin, value.find(' ', begin) - begin);
}

Result<ExportedRunFacts> ParseFacts(const json& context, const std::string& source) {
  if (!context.is_object()) return Error{source + ": context: missing or not an object"};
  const std::string schema = StringField(context, keys::kSchema, "");
  if (!schema.empty() && schema != kSchema) {
    return Error{source + ": context.memattr.schema: '" + schema + "' (expected " + kSchema + ")"};
  }
  ExportedRunFacts facts;
  facts.scenario = StringField(context, keys::kScenario, "");
  if (facts.scenario.empty()) return Error{source + ": context: missing memattr.scenario"};
  // A fleet's host name (run --host-name) names the host measured: two fleet hosts may share
  // the machine memattr-host ran on (Google Benchmark's host_name).
  facts.host = StringField(context, keys::kFleetHost, StringField(context, "host_name", "unknown"));
  facts.host_kernel = FirstWord(StringField(context, keys::kHostKernel, "unknown"));
  facts.guest_kernel = FirstWord(StringField(context, keys::kGuestKernel, "unknown"));
  facts.accel = StringField(context, keys::kAccel, "unknown");
  facts.qemu_version = StringField(context, keys::kQemuVersion, "unknown");
  facts.cacheable_pfnmap = BoundedFact(StringField(context, keys::kCacheablePfnmapCap, "unknown"));
  facts.fwb = BoundedFact(StringField(context, keys::kFwb, "unknown"));
  facts.arch = StringField(context, keys::kArch, "unknown");
  facts.status = StringField(context, keys::kStatus, "unknown");
  facts.timings = StringField(context, keys::kTimings, "unknown");
  facts.duration_seconds = NumberField(context, keys::kDurationSeconds).value_or(0);
  const auto start = ParseContextDate(StringField(context, "date", ""));
  if (start) facts.end_time_seconds = *start + facts.duration_seconds;
  return facts;
}

std::map<std::string, std::string> ParseUserLabels(const json& memattr) {
  std::map<std::string, std::string> labels;
  const auto it = memattr.find("labels");
  if (it == memattr.end() || !it->is_object()) return labels;
  for (const auto& [key, value] : it->items())
    if (value.is_string() && protocol::metric_names::IsUserLabelName(key))
      labels[key] = value.get<std::string>();
  return labels;
}

// Records of one run_name: its iterations and, with repetitions, its median aggregate.
struct RecordGroup {
  CellKey key;
  std::vector<const json*> iterations;
  const json* median = nullptr;
};

std::optional<double> CounterValue(const RecordGroup& group, const char* counter) {
  if (group.median != nullptr) return NumberField(*group.median, counter);
  std::vector<double> values;
  for (const json* record : group.iterations) {
    if (auto v = NumberField(*record, counter)) values.push_back(*v);
  }
  if (values.empty()) return std::nullopt;
  return host::Median(std::move(values));
}

std::optional<double> FailureTotal(const RecordGroup& group) {
  std::optional<double> total;
  for (const json* record : group.iterations) {
    const auto per_iteration = NumberField(*record, "stxr_failures");
    if (!per_iteration) continue;
    total = total.value_or(0) + *per_iteration * NumberField(*record, "iterations").value_or(1);
  }
  return total;
}

CellMetrics ReduceGroup(const RecordGroup& group) {
  CellMetrics cell{.key = group.key};
  cell.bytes_per_second = CounterValue(group, "bytes_per_second");
  if (auto ns = CounterValue(group, "ns_per_load")) cell.load_latency_seconds = *ns * 1e-9;
  const auto items = CounterValue(group, "items_per_second");
  cell.store_exclusive_failures = FailureTotal(group);
  if (cell.store_exclusive_failures) {
    cell.exclusive_operations_per_second = items;
  } else if (!cell.bytes_per_second && !cell.load_latency_seconds) {
    cell.atomic_operations_per_second = items;
  }
  return cell;
}

Result<CellKey> ParseCellKey(const json& record, const std::string& where) {
  CellKey key;
  key.region = StringField(record, "memattr_region", "");
  key.attribute = StringField(record, "memattr_attribute", "");
  key.kernel = StringField(record, "memattr_kernel", "");
  for (const auto& [field, value] : {std::pair{"memattr_region", &key.region},
                                     {"memattr_attribute", &key.attribute},
                                     {"memattr_kernel", &key.kernel}}) {
    if (value->empty()) return Error{where + ": missing " + field};
  }
  key.threads = StringField(record, "memattr_threads", StringField(record, "threads", "1"));
  key.backing = StringField(record, "memattr_backing", "");
  if (key.backing.empty()) key.backing = "unknown";  // filled from the region later
  return key;
}

Result<std::vector<CellMetrics>> ParseCells(const json& benchmarks, const std::string& source) {
  if (!benchmarks.is_array()) return Error{source + ": benchmarks: missing or not an array"};
  std::vector<std::string> order;
  std::map<std::string, RecordGroup> groups;
  for (std::size_t i = 0; i < benchmarks.size(); ++i) {
    const json& record = benchmarks[i];
    const std::string name = StringField(record, "run_name", StringField(record, "name", ""));
    const std::string where = source + ": benchmarks[" + std::to_string(i) + "] (" + name + ")";
    auto key = ParseCellKey(record, where);
    if (!key) return key.error();
    if (record.value("error_occurred", false)) continue;
    auto [it, inserted] = groups.try_emplace(name, RecordGroup{.key = *key});
    if (inserted) order.push_back(name);
    if (record.value("run_type", "iteration") == "aggregate") {
      if (record.value("aggregate_name", "") == "median") it->second.median = &record;
    } else {
      it->second.iterations.push_back(&record);
    }
  }
  std::vector<CellMetrics> cells;
  for (const std::string& name : order) cells.push_back(ReduceGroup(groups.at(name)));
  return cells;
}

std::vector<RegionMetrics> ParseRegions(const json& memattr) {
  std::vector<RegionMetrics> regions;
  for (const json& region : memattr.value("regions", json::array())) {
    // region_skipped entries: {"name", "skipped"} (memattr-host) or {"region", "reason"}.
    if (!region.is_object() || !region.contains("name") || region.contains("skipped")) continue;
    const std::string kind = StringField(region, "kind", "unknown");
    const std::string backing = StringField(region, "backing", "");
    regions.push_back(
        {.name = StringField(region, "name", ""),
         .kind = kind,
         .backing = backing.empty() ? kind : backing,  // agents may leave it ""
         .size_bytes = static_cast<std::uint64_t>(NumberField(region, "size_bytes").value_or(0))});
  }
  return regions;
}

std::string BackingOf(const std::vector<RegionMetrics>& regions, const std::string& name) {
  for (const RegionMetrics& region : regions) {
    if (region.name == name) return region.backing;
  }
  return "unknown";
}

Result<std::vector<ProbeMetrics>> ParseProbes(const json& memattr, const RunMetrics& run) {
  std::vector<ProbeMetrics> probes;
  const json list = memattr.value("probes", json::array());
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& probe = list[i];
    ProbeMetrics p{.region = StringField(probe, "region", ""),
                   .attribute = StringField(probe, "attribute", ""),
                   .probe = StringField(probe, "probe", ""),
                   .outcome = StringField(probe.value("outcome", json::object()), "kind", "")};
    if (p.region.empty() || p.attribute.empty() || p.probe.empty() || p.outcome.empty()) {
      return Error{run.source + ": memattr.probes[" + std::to_string(i) +
                   "]: needs region, attribute, probe and outcome.kind"};
    }
    p.backing = BackingOf(run.regions, p.region);
    probes.push_back(std::move(p));
  }
  return probes;
}

Result<std::vector<VerdictMetrics>> ParseVerdicts(const json& memattr, const RunMetrics& run) {
  std::vector<VerdictMetrics> verdicts;
  const json list = memattr.value("verdicts", json::array());
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& v = list[i];
    VerdictMetrics verdict{.region = StringField(v, "region", ""),
                           .attribute = StringField(v, "attribute", ""),
                           .inferred = StringField(v, "inferred", "unknown"),
                           .expected = StringField(v, "expected", "unknown"),
                           .verdict = StringField(v, "verdict", "")};
    if (verdict.region.empty() || verdict.attribute.empty() || verdict.verdict.empty()) {
      return Error{run.source + ": memattr.verdicts[" + std::to_string(i) +
                   "]: needs region, attribute and verdict"};
    }
    verdict.backing = BackingOf(run.regions, verdict.region);
    verdicts.push_back(std::move(verdict));
  }
  return verdicts;
}

// "Z", "+01:00" (Google Benchmark) or "+0100" (strftime %z, as memattr-host writes it).
std::optional<int> ZoneOffsetSeconds(const std::string& zone) {
  if (zone.empty() || zone == "Z") return 0;
  std::string digits;
  for (char c : zone.substr(1)) {
    if (c != ':') digits += c;
  }
  const bool valid = (zone[0] == '+' || zone[0] == '-') && digits.size() == 4 &&
                     std::all_of(digits.begin(), digits.end(), ::isdigit);
  if (!valid) return std::nullopt;
  const int offset = std::stoi(digits.substr(0, 2)) * 3600 + std::stoi(digits.substr(2)) * 60;
  return zone[0] == '-' ? -offset : offset;
}

}  // namespace

std::optional<double> ParseContextDate(const std::string& date) {
  int year, month, day, hour, minute, second, consumed = 0;
  if (std::sscanf(date.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                  &second, &consumed) != 6) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const double seconds = static_cast<double>(timegm(&tm));
  const auto offset = ZoneOffsetSeconds(date.substr(consumed));
  if (!offset) return std::nullopt;
  return seconds - *offset;
}

Result<RunMetrics> ParseRunMetrics(const nlohmann::json& results, const std::string& source) {
  RunMetrics run{.source = source};
  auto facts = ParseFacts(results.value("context", json()), source);
  if (!facts) return facts.error();
  run.facts = *std::move(facts);
  const json memattr = results.value("memattr", json::object());
  run.facts.labels = ParseUserLabels(memattr);
  run.regions = ParseRegions(memattr);
  auto cells = ParseCells(results.value("benchmarks", json()), source);
  if (!cells) return cells.error();
  run.cells = *std::move(cells);
  for (CellMetrics& cell : run.cells) {  // measurement events need not name the backing
    if (cell.key.backing == "unknown") cell.key.backing = BackingOf(run.regions, cell.key.region);
  }
  auto probes = ParseProbes(memattr, run);
  if (!probes) return probes.error();
  run.probes = *std::move(probes);
  auto verdicts = ParseVerdicts(memattr, run);
  if (!verdicts) return verdicts.error();
  run.verdicts = *std::move(verdicts);
  run.failed_steps = memattr.value("failures", json::array()).size();
  return run;
}

Result<RunMetrics> LoadRunMetrics(const std::filesystem::path& path) {
  auto doc = host::ReadResultsDocument(path);
  if (!doc) return doc.error();
  return ParseRunMetrics(doc->json, doc->file.string());
}

}  // namespace memattr::host_export
