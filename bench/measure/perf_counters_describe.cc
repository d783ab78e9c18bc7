// The parts of perf_counters.h that do not depend on libpfm4: describing availability.
#include <algorithm>

#include "measure/perf_counters.h"

namespace memattr {

std::vector<std::string> PerfCounterSet::AvailableCounters() const {
  std::vector<std::string> names;
  for (const CounterStatus& s : statuses_) {
    if (s.available) names.push_back(s.counter);
  }
  return names;
}

std::string PerfCounterSet::Describe() const {
  std::string available;
  // Same reason -> one group, so a machine without a PMU says it once.
  std::vector<std::pair<std::string, std::string>> groups;  // reason -> counters
  for (const CounterStatus& s : statuses_) {
    if (s.available) {
      available += (available.empty() ? "" : ",") + s.counter;
      continue;
    }
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const auto& g) { return g.first == s.reason; });
    if (it == groups.end()) it = groups.insert(groups.end(), {s.reason, ""});
    it->second += (it->second.empty() ? "" : ",") + s.counter;
  }
  std::string out = "available: " + (available.empty() ? std::string("none") : available);
  for (const auto& [reason, counters] : groups) {
    out += "; unavailable: " + counters + " (" + reason + ")";
  }
  return out;
}

PerfCounterSet PerfCounterSet::ProbeAll() {
  std::vector<const EventSet*> sets;
  for (const EventSet& set : AllEventSets()) sets.push_back(&set);
  return Probe(sets);
}

}  // namespace memattr
