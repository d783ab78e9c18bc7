// RunMetrics: what the exporter takes from one results.json (host-runner/docs/results_format.md),
// as typed values: run facts, a median per benchmark cell, probe outcomes, verdicts, regions.
//   Result<RunMetrics> run = LoadRunMetrics("results/default-20261125T130511Z");
//   for (const CellMetrics& cell : run->cells) ... cell.bytes_per_second ...
// Which metric a cell feeds follows from its Google Benchmark counters, documented at CellMetrics.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "memattr/result.h"

namespace memattr::host_export {

struct ExportedRunFacts {
  std::string scenario, host, host_kernel, guest_kernel, accel;  // labels of every series
  // host_kernel, guest_kernel: the release only (first word of memattr.host_kernel, which
  // memattr-host writes as "RELEASE VERSION"), so the label stays short and per-kernel.
  std::string qemu_version, cacheable_pfnmap, fwb, arch, status, timings;  // memattr_run_info
  // The scenario's `labels` (results.json memattr.labels), on every series; keys that are not
  // IsUserLabelName (memattr/protocol/metric_names.h) are left out.
  std::map<std::string, std::string> labels;
  double duration_seconds = 0;
  double end_time_seconds = 0;  // context date + duration; Unix time
};

struct CellKey {
  std::string region, backing, attribute, kernel, threads;
  auto operator<=>(const CellKey&) const = default;
};

// One benchmark (run_name), reduced to medians: the "median" aggregate when the run has
// repetitions, else the median of its iteration records. Records with error_occurred are left
// out; a cell whose every record failed is absent.
//   bytes_per_second            -> bandwidth (streaming kernels)
//   ns_per_load                 -> load latency (pointer chase)
//   stxr_failures present       -> exclusive kernel: items_per_second = exclusive ops/s
//   items_per_second otherwise  -> atomic kernel (no bytes_per_second, no ns_per_load)
struct CellMetrics {
  CellKey key;
  std::optional<double> bytes_per_second;
  std::optional<double> load_latency_seconds;
  std::optional<double> atomic_operations_per_second;
  std::optional<double> exclusive_operations_per_second;
  std::optional<double> store_exclusive_failures;  // sum of stxr_failures x iterations
};

struct ProbeMetrics {
  std::string region, backing, attribute, probe, outcome;  // outcome: ok, fault, wrong-data, ...
};

struct VerdictMetrics {
  std::string region, backing, attribute, inferred, expected, verdict;
};

struct RegionMetrics {
  std::string name, kind;
  std::string backing;  // the region's backing, or its kind when the producer left it empty
  std::uint64_t size_bytes = 0;
};

struct RunMetrics {
  std::string source;  // the results.json path, for messages
  ExportedRunFacts facts;
  std::vector<RegionMetrics> regions;
  std::vector<CellMetrics> cells;
  std::vector<ProbeMetrics> probes;
  std::vector<VerdictMetrics> verdicts;
  std::size_t failed_steps = 0;
};

// Reads DIR/results.json, or a results.json given directly. Errors name the file and the
// JSON path of the offending field ("results.json: benchmarks[3]: missing memattr_region").
Result<RunMetrics> LoadRunMetrics(const std::filesystem::path& path);
// Same, from parsed JSON; `source` is used in messages.
Result<RunMetrics> ParseRunMetrics(const nlohmann::json& results, const std::string& source);

// "2026-11-25T13:05:11+00:00" (Google Benchmark's context date) -> Unix seconds.
std::optional<double> ParseContextDate(const std::string& date);

}  // namespace memattr::host_export
