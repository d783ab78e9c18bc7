// RunView: the parts of one results.json (host-runner/docs/results_format.md) that reports
// show — verdicts, probe outcomes and per-cell medians — extracted in one place.
//   RunView view = MakeRunView(run.results);
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace memattr::report {

struct VerdictRow {
  std::string region, attribute, inferred, expected, verdict;
  std::vector<std::string> evidence, unobservable;
};

struct ProbeCell {
  std::string region, attribute, probe;
  std::string kind;    // ok, fault, wrong-data, timeout, skipped, error
  std::string detail;  // reason / signal
};

// Median over the repetitions of one cell (kernel × region × attribute × threads).
struct CellMedian {
  std::string kernel, family, region, attribute;
  int threads = 1;
  double bytes_per_second = 0;  // streaming
  double items_per_second = 0;  // loads/s (latency), ops/s (atomic, exclusive)
  double real_time_ns = 0;
};

struct RunView {
  std::map<std::string, std::string> facts;  // context memattr.* keys
  std::vector<VerdictRow> verdicts;
  std::vector<ProbeCell> probes;
  std::vector<CellMedian> cells;
  std::vector<std::string> failures;  // "boot 1: step …: reason"
};

RunView MakeRunView(const nlohmann::json& results);

}  // namespace memattr::report
