// results.json of a run: Google Benchmark JSON (`context` + `benchmarks`, which compare.py
// reads unchanged) plus a `memattr` section with regions, probes, verdicts and failures.
// Format: host-runner/docs/results_format.md.
//   ResultsFile results;
//   results.AddEvent(event);                      // every guest event, in order
//   dir.WriteResultsJson(results.ToJson());
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "memattr/protocol/schema_ids.h"

namespace memattr::host {

using protocol::kResultsSchema;

class ResultsFile {
 public:
  ResultsFile();
  void AddEvent(const nlohmann::json& event);
  void AddSkippedRegion(const std::string& name, const std::string& kind,
                        const std::string& reason);
  void AddFailure(int boot, const std::string& step, const std::string& reason);
  void SetContext(const std::string& key, nlohmann::json value) {
    context_[key] = std::move(value);
  }
  void SetLabels(const std::map<std::string, std::string>& labels) { labels_ = labels; }

  const nlohmann::json& verdicts() const { return verdicts_; }
  const nlohmann::json& failures() const { return failures_; }
  const nlohmann::json& benchmarks() const { return benchmarks_; }
  const nlohmann::json& probes() const { return probes_; }
  nlohmann::json ToJson() const;

 private:
  nlohmann::json context_ = nlohmann::json::object();
  nlohmann::json benchmarks_ = nlohmann::json::array();
  nlohmann::json regions_ = nlohmann::json::array();
  nlohmann::json probes_ = nlohmann::json::array();
  nlohmann::json verdicts_ = nlohmann::json::array();
  nlohmann::json failures_ = nlohmann::json::array();
  std::map<std::string, std::string> labels_;
};

}  // namespace memattr::host
