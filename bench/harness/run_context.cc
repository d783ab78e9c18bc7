#include "harness/run_context.h"

#include <benchmark/benchmark.h>

#include "memattr/kernel_catalog.h"
#include "memattr/protocol/context_keys.h"
#include "memattr/protocol/schema_ids.h"

namespace memattr {

std::string RegionFact(const PlanRegion& region, const std::string& how) {
  return "kind=" + region.kind + " size=" + std::to_string(region.memory.size()) +
         " requested=" + std::string(ToString(region.attribute)) + " how=" + how;
}

std::vector<std::pair<std::string, std::string>> RunContextEntries(const BenchContextFacts& facts) {
  namespace k = protocol::context_keys;
  std::vector<std::pair<std::string, std::string>> entries = {
      {k::kSchema, protocol::kResultsSchema},
      {k::kArch, ToString(ThisArch())},
      {k::kAccel, facts.accel},
      {k::kPerfCounters, facts.perf_counters},
      {k::kPinning, facts.pinning},
      {k::kTopology, facts.topology},
      {k::kLlcBytes, facts.llc_bytes},
      {k::kWorkingSet, facts.working_set},
      {k::kThreads, facts.threads},
  };
  for (const auto& [name, fact] : facts.regions)
    entries.emplace_back(k::kRegionPrefix + name, fact);
  std::erase_if(entries, [](const auto& e) { return e.second.empty(); });
  return entries;
}

void AddRunContext(const BenchContextFacts& facts) {
  for (const auto& [key, value] : RunContextEntries(facts)) benchmark::AddCustomContext(key, value);
}

}  // namespace memattr
