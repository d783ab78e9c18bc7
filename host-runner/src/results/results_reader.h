// The one reader of a run's results.json (host-runner/docs/results_format.md): finds the file,
// parses it, checks the shape every consumer relies on, and picks out the records each needs.
// `memattr-host compare`, `report` and the Prometheus export read runs only through it.
//   Result<ResultsDocument> doc = ReadResultsDocument("results/default-20261125T141500Z");
//   for (const nlohmann::json* run : MeasuredRepetitions(doc->json)) ... (*run)["real_time"] ...
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "memattr/result.h"
#include "results/record_shapes.h"

namespace memattr::host {

struct ResultsDocument {
  std::filesystem::path file;  // the results.json read: messages name it
  nlohmann::json json;         // "context" is an object, "benchmarks" an array
};

// Where a run's results.json is: DIR/results.json for a directory, the file itself for a file;
// a path that does not exist names DIR/results.json unless it ends in ".json".
std::filesystem::path ResultsJsonPath(const std::filesystem::path& dir_or_file);

// Reads and checks ResultsJsonPath(dir_or_file). Errors name the file and the problem:
// "…/results.json: open (not a memattr results directory): No such file…", "…: not valid JSON",
// "…: context: missing or not an object", "…: benchmarks: missing or not an array", any
// record field of the wrong type (CheckResultsShape), JSON nested deeper than kMaxJsonDepth.
Result<ResultsDocument> ReadResultsDocument(const std::filesystem::path& dir_or_file);
// The same checks on text already read; `file` names it in messages.
Result<ResultsDocument> ParseResultsDocument(std::string_view text,
                                             const std::filesystem::path& file);

// The benchmark records that are measured repetitions: run_type "iteration" (or none, as in
// older Google Benchmark JSON) and no error_occurred. Pointers into `results`.
std::vector<const nlohmann::json*> MeasuredRepetitions(const nlohmann::json& results);

}  // namespace memattr::host
