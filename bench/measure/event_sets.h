// Named counter event sets, as data (likwid's groups): each counter lists the libpfm4 event
// names to try, most specific first (arm64 PMUv3 names, then perf's generic ones).
//   for (const CounterEvent& e : FindEventSet("software")->events) ...
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace memattr {

struct CounterEvent {
  std::string counter;                 // benchmark counter name: "l1d_refills"
  std::vector<std::string> pfm_names;  // libpfm4 names, first resolvable one wins
  std::string description;
};

struct EventSet {
  std::string name;  // "core", "cache", "memory", "software"
  std::vector<CounterEvent> events;
};

const std::vector<EventSet>& AllEventSets();
// nullptr when unknown.
const EventSet* FindEventSet(std::string_view name);

}  // namespace memattr
