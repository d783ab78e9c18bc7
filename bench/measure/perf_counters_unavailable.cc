// PerfCounterSet when built without libpfm4 (MEMATTR_ENABLE_LIBPFM=OFF): every counter is
// unavailable, and says so once; no number is ever reported (STYLE R17).
#include "measure/perf_counters.h"

namespace memattr {

PerfCounterSet PerfCounterSet::Probe(const std::vector<const EventSet*>& sets) {
  PerfCounterSet set;
  for (const EventSet* event_set : sets) {
    for (const CounterEvent& event : event_set->events) {
      set.statuses_.push_back({event.counter, "", false, "built without libpfm4"});
    }
  }
  return set;
}

ThreadCounters PerfCounterSet::OpenOnThisThread() const { return {}; }

}  // namespace memattr
