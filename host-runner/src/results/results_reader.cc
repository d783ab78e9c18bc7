#include "results/results_reader.h"

#include <fstream>
#include <sstream>

#include "memattr/bounded_json.h"
#include "results/record_shapes.h"

namespace memattr::host {

std::filesystem::path ResultsJsonPath(const std::filesystem::path& dir_or_file) {
  if (std::filesystem::is_directory(dir_or_file)) return dir_or_file / "results.json";
  if (std::filesystem::exists(dir_or_file) || dir_or_file.extension() == ".json")
    return dir_or_file;
  return dir_or_file / "results.json";
}

Result<ResultsDocument> ReadResultsDocument(const std::filesystem::path& dir_or_file) {
  ResultsDocument doc;
  doc.file = ResultsJsonPath(dir_or_file);
  std::ifstream in(doc.file, std::ios::binary);
  if (!in) return ErrnoError(doc.file.string(), "open (not a memattr results directory)");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return ErrnoError(doc.file.string(), "read");
  return ParseResultsDocument(text.str(), doc.file);
}

Result<ResultsDocument> ParseResultsDocument(std::string_view text,
                                             const std::filesystem::path& file) {
  Result<nlohmann::json> parsed = ParseBoundedJson(text, file.string());
  if (!parsed) return parsed.error();
  if (Status shape = CheckResultsShape(*parsed, file.string()); !shape) return shape.error();
  return ResultsDocument{file, *std::move(parsed)};
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
