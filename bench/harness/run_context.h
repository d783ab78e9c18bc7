// The facts of one memattr-bench / agent run, as `memattr.*` custom context entries of
// Google Benchmark's output (keys: memattr/protocol/context_keys.h). Built once, added once: 1.7.1
// refuses to overwrite a key.
//   BenchContextFacts facts{.accel = "tcg", .perf_counters = set.Describe(), ...};
//   AddRunContext(facts);
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "harness/benchmark_plan.h"

namespace memattr {

struct BenchContextFacts {
  std::string accel = "unknown";  // tcg | kvm | bare-metal | unknown
  std::string perf_counters;      // PerfCounterSet::Describe()
  std::string pinning;            // ThreadPinner::Describe() or "unavailable: <reason>"
  std::string topology;           // TopologyFacts::Summary()
  std::string llc_bytes;          // "33554432" or "unknown"
  std::string working_set;        // "<bytes> (<how chosen>)"
  std::string threads;            // "1,2"
  // region name -> "kind=anon size=… requested=normal-wb how=…"
  std::vector<std::pair<std::string, std::string>> regions;
};

// "kind=anon size=67108864 requested=normal-wb how=mmap(MAP_PRIVATE|MAP_ANONYMOUS)".
std::string RegionFact(const PlanRegion& region, const std::string& how);
// Every entry, in a fixed order, schema and arch first; empty facts are left out.
std::vector<std::pair<std::string, std::string>> RunContextEntries(const BenchContextFacts& facts);
// benchmark::AddCustomContext() for each entry of RunContextEntries().
void AddRunContext(const BenchContextFacts& facts);

}  // namespace memattr
