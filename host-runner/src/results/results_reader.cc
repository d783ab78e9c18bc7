#include "results/results_reader.h"

#include <fstream>

namespace memattr::host {

std::filesystem::path ResultsJsonPath(const std::filesystem::path& dir_or_file) {
  if (std::filesystem::is_directory(dir_or_file)) return dir_or_file / "results.json";
  if (std::filesystem::exists(dir_or_file) || dir_or_file.extension() == ".json")
    return dir_or_file;
  return dir_or_file / "results.json";
}

Status CheckResultsShape(const nlohmann::json& results, const std::string& source) {
  if (!results.contains("context") || !results["context"].is_object())
    return Error{source + ": context: missing or not an object"};
  if (!results.contains("benchmarks") || !results["benchmarks"].is_array())
    return Error{source + ": benchmarks: missing or not an array"};
  return OkStatus();
}

Result<ResultsDocument> ReadResultsDocument(const std::filesystem::path& dir_or_file) {
  ResultsDocument doc;
  doc.file = ResultsJsonPath(dir_or_file);
  std::ifstream in(doc.file);
  if (!in) return ErrnoError(doc.file.string(), "open (not a memattr results directory)");
  doc.json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.json.is_discarded()) return Error{doc.file.string() + ": not valid JSON"};
  if (Status shape = CheckResultsShape(doc.json, doc.file.string()); !shape) return shape.error();
  return doc;
}

std::vector<const nlohmann::json*> MeasuredRepetitions(const nlohmann::json& results) {
  std::vector<const nlohmann::json*> out;
  const auto benchmarks = results.find("benchmarks");
  if (benchmarks == results.end() || !benchmarks->is_array()) return out;
  for (const nlohmann::json& run : *benchmarks)
    if (run.value("run_type", "iteration") == "iteration" && !run.value("error_occurred", false))
      out.push_back(&run);
  return out;
}

}  // namespace memattr::host
