#include "results/record_shapes.h"

#include <initializer_list>

namespace memattr::host {
namespace {

using json = nlohmann::json;

enum class Kind { kString, kInteger, kNumber, kBoolean, kObject, kArray, kStringList, kScalar };

struct Field {
  const char* key;
  Kind kind;
};
using Shape = std::initializer_list<Field>;

const char* Name(Kind kind) {
  switch (kind) {
    case Kind::kString:
      return "string";
    case Kind::kInteger:
      return "integer";
    case Kind::kNumber:
      return "number";
    case Kind::kBoolean:
      return "boolean";
    case Kind::kObject:
      return "object";
    case Kind::kArray:
      return "array";
    case Kind::kStringList:
      return "array of strings";
    case Kind::kScalar:
      return "string, number, boolean or null";
  }
  return "?";
}

bool Is(const json& v, Kind kind) {
  switch (kind) {
    case Kind::kString:
      return v.is_string();
    case Kind::kInteger:
      return v.is_number_integer();
    case Kind::kNumber:
      return v.is_number();
    case Kind::kBoolean:
      return v.is_boolean();
    case Kind::kObject:
      return v.is_object();
    case Kind::kArray:
      return v.is_array();
    case Kind::kStringList:
      if (!v.is_array()) return false;
      for (const json& item : v)
        if (!item.is_string()) return false;
      return true;
    case Kind::kScalar:
      return v.is_primitive();
  }
  return false;
}

// First problem of `record` against `shape`, prefixed with `path` ("" = fits).
std::string Problem(const json& record, Shape shape, const std::string& path = "") {
  if (!record.is_object()) return (path.empty() ? "record" : path) + ": expected object";
  const std::string prefix = path.empty() ? "" : path + ".";
  for (const Field& f : shape) {
    const auto it = record.find(f.key);
    if (it == record.end() || Is(*it, f.kind)) continue;
    return prefix + f.key + ": expected " + Name(f.kind) + ", got " + it->type_name();
  }
  return "";
}

constexpr Shape kCellFields = {{"region", Kind::kString},
                               {"attribute", Kind::kString},
                               {"kernel", Kind::kString},
                               {"probe", Kind::kString},
                               {"threads", Kind::kInteger},
                               {"reason", Kind::kString},
                               {"source", Kind::kString},
                               {"host_outcome", Kind::kString},
                               {"evidence", Kind::kStringList},
                               {"outcome", Kind::kObject},
                               {"run", Kind::kObject},
                               {"backing", Kind::kString},
                               {"ns_per_iteration", Kind::kNumber}};
constexpr Shape kOutcome = {{"kind", Kind::kString}, {"reason", Kind::kString}};
constexpr Shape kVerdict = {{"region", Kind::kString},
                            {"attribute", Kind::kString},
                            {"inferred", Kind::kString},
                            {"expected", Kind::kString},
                            {"verdict", Kind::kString},
                            {"reason", Kind::kString},
                            {"evidence", Kind::kStringList},
                            {"unobservable", Kind::kStringList},
                            {"expected_reasoning", Kind::kStringList}};
constexpr Shape kRegion = {{"name", Kind::kString},        {"kind", Kind::kString},
                           {"backing", Kind::kString},     {"path", Kind::kString},
                           {"skipped", Kind::kString},     {"source", Kind::kString},
                           {"size_bytes", Kind::kInteger}, {"attributes", Kind::kStringList}};
constexpr Shape kBenchmark = {
    {"name", Kind::kString},           {"run_name", Kind::kString},
    {"run_type", Kind::kString},       {"aggregate_name", Kind::kString},
    {"time_unit", Kind::kString},      {"error_occurred", Kind::kBoolean},
    {"error_message", Kind::kString},  {"iterations", Kind::kNumber},
    {"real_time", Kind::kNumber},      {"cpu_time", Kind::kNumber},
    {"memattr_region", Kind::kString}, {"memattr_attribute", Kind::kString},
    {"memattr_kernel", Kind::kString}, {"memattr_threads", Kind::kInteger},
    {"memattr_backing", Kind::kString}};
constexpr Shape kFailure = {
    {"boot", Kind::kInteger}, {"step", Kind::kString}, {"reason", Kind::kString}};

// A probe record (event or results entry) and its outcome object.
std::string ProbeProblem(const json& record, const std::string& path = "") {
  std::string problem = Problem(record, kCellFields, path);
  if (problem.empty() && record.contains("outcome"))
    problem = Problem(record["outcome"], kOutcome, path.empty() ? "outcome" : path + ".outcome");
  return problem;
}

// Each element of results[list] must fit; "" when the list is absent.
std::string ListProblem(const json& memattr, const char* list,
                        std::string (*check)(const json&, const std::string&)) {
  const auto it = memattr.find(list);
  if (it == memattr.end()) return "";
  const std::string path = std::string("memattr.") + list;
  if (!it->is_array()) return path + ": expected array, got " + it->type_name();
  for (std::size_t i = 0; i < it->size(); ++i)
    if (std::string p = check((*it)[i], path + "[" + std::to_string(i) + "]"); !p.empty()) return p;
  return "";
}

std::string MemattrProblem(const json& memattr) {
  if (!memattr.is_object())
    return std::string("memattr: expected object, got ") + memattr.type_name();
  for (const auto& [list, check] : std::initializer_list<
           std::pair<const char*, std::string (*)(const json&, const std::string&)>>{
           {"regions", [](const json&r, const std::string&p) { return Problem(r, kRegion, p); }},
           {"probes", [](const json&r, const std::string&p) { return ProbeProblem(r, p); }},
           {"verdicts", [](const json&r, const std::string&p) { return Problem(r, kVerdict, p); }},
           {"failures", [](const json&r, const std::string&p) { return Problem(r, kFailure, p); }}})
    if (std::string p = ListProblem(memattr, list, check); !p.empty()) return p;
  if (memattr.contains("labels")) {
    if (!memattr["labels"].is_object()) return "memattr.labels: expected object";
    for (const auto& [key, value] : memattr["labels"].items())
      if (!value.is_string()) return "memattr.labels." + key + ": expected string";
  }
  return "";
}

std::string ContextProblem(const json& context) {
  if (!context.is_object()) return "context: missing or not an object";
  for (const auto& [key, value] : context.items())
    if (key.rfind("memattr.", 0) == 0 && !Is(value, Kind::kScalar))
      return "context." + key + ": expected " + Name(Kind::kScalar) + ", got " + value.type_name();
  return "";
}

}  // namespace

Status CheckResultsShape(const json& results, const std::string& source) {
  if (!results.is_object()) return Error{source + ": not a JSON object"};
  std::string problem = ContextProblem(results.contains("context") ? results["context"] : json());
  if (problem.empty() && (!results.contains("benchmarks") || !results["benchmarks"].is_array()))
    problem = "benchmarks: missing or not an array";
  for (std::size_t i = 0; problem.empty() && i < results["benchmarks"].size(); ++i)
    problem =
        Problem(results["benchmarks"][i], kBenchmark, "benchmarks[" + std::to_string(i) + "]");
  if (problem.empty() && results.contains("memattr")) problem = MemattrProblem(results["memattr"]);
  if (!problem.empty()) return Error{source + ": " + problem};
  return OkStatus();
}

}  // namespace memattr::host
