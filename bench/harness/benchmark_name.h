// Stable benchmark names (STYLE R5): `key:value` paths in a fixed order, so compare.py (which
// pairs results by name) and the dashboards can rely on them. The full name of a run is
//   KERNEL/region:REGION/attr:ATTRIBUTE/real_time/threads:N
// We register KERNEL/region:REGION/attr:ATTRIBUTE; Google Benchmark 1.7.1 itself appends
// "/real_time" (UseRealTime: rates of multi-threaded runs need wall time) and "/threads:N"
// (Threads(N)). We never call Repetitions()/MinTime()/Iterations() on a family, which would add
// "/repeats:", "/min_time:", "/iterations:"; use the --benchmark_* flags instead. Aggregates
// add "_mean", "_median", "_stddev", "_cv" to `name` (their `run_name` stays the full name).
//   BenchmarkFamilyName({"stream_copy", "anon0", kNormalWb}) ==
//   "stream_copy/region:anon0/attr:normal-wb"
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "memattr/memory_attribute.h"

namespace memattr {

struct BenchmarkNameParts {
  std::string kernel;
  std::string region;
  MemoryAttribute attribute = MemoryAttribute::kNormalWb;
  int threads = 1;  // only in the full name
};

// Region labels become path segments by the label value rule (memattr/label_value.h): '/', ':'
// and control characters become '_', so a segment reads back as the region's metric label.
std::string SanitizeNameSegment(std::string_view text);
// "KERNEL/region:REGION/attr:ATTR": what we pass to RegisterBenchmark.
std::string BenchmarkFamilyName(const BenchmarkNameParts& parts);
// "KERNEL/region:REGION/attr:ATTR/real_time/threads:N": what Google Benchmark reports.
std::string BenchmarkFullName(const BenchmarkNameParts& parts);
// Parses a family or full name (aggregate suffixes are not accepted: pass `run_name`);
// nullopt if it is not one of ours.
std::optional<BenchmarkNameParts> ParseBenchmarkName(std::string_view name);

}  // namespace memattr
