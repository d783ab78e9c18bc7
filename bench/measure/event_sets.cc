#include "measure/event_sets.h"

namespace memattr {

const std::vector<EventSet>& AllEventSets() {
  static const std::vector<EventSet> kSets = {
      {"core",
       {{"cycles", {"CPU_CYCLES", "perf::CYCLES"}, "CPU cycles"},
        {"instructions", {"INST_RETIRED", "perf::INSTRUCTIONS"}, "instructions retired"}}},
      {"cache",
       {{"l1d_refills",
         {"L1D_CACHE_REFILL", "perf::L1-DCACHE-LOAD-MISSES"},
         "L1 data cache refills (load misses)"},
        {"llc_refills",
         {"LL_CACHE_MISS_RD", "L2D_CACHE_REFILL", "perf::LLC-LOAD-MISSES"},
         "last-level cache read misses"}}},
      {"memory",
       {{"bus_accesses", {"BUS_ACCESS"}, "bus accesses (arm64 PMUv3)"},
        {"mem_accesses", {"MEM_ACCESS"}, "data memory accesses (arm64 PMUv3)"}}},
      {"software",
       {{"task_clock_ns", {"perf::TASK-CLOCK"}, "time on CPU, ns"},
        {"page_faults", {"perf::PAGE-FAULTS"}, "page faults"},
        {"context_switches", {"perf::CONTEXT-SWITCHES"}, "context switches"}}},
  };
  return kSets;
}

const EventSet* FindEventSet(std::string_view name) {
  for (const EventSet& set : AllEventSets()) {
    if (set.name == name) return &set;
  }
  return nullptr;
}

}  // namespace memattr
