// Hardware and software counters around a benchmark loop, through perf_event_open, with
// events named by libpfm4 (Debian's benchmark 1.7.1 is built without libpfm, so we collect
// them ourselves). Availability is probed once; what cannot be counted is said once, as
// "unavailable: <counters> (<reason>)", and never reported as a number (STYLE R4, R17).
//   PerfCounterSet set = PerfCounterSet::Probe({FindEventSet("software")});
//   ThreadCounters c = set.OpenOnThisThread();  c.Start(); ...loop...; auto values = c.Stop();
#pragma once

#include <linux/perf_event.h>

#include <string>
#include <utility>
#include <vector>

#include "measure/event_sets.h"

namespace memattr {

struct CounterStatus {
  std::string counter;  // "page_faults"
  std::string event;    // the libpfm4 name that resolved, or the names tried
  bool available = false;
  std::string reason;  // why not, e.g. "perf_event_open: Function not implemented (errno 38)"
};

using CounterValues = std::vector<std::pair<std::string, double>>;

// The counters open on one thread (pid 0, any CPU), disabled until Start(). Move-only.
class ThreadCounters {
 public:
  ThreadCounters() = default;
  ThreadCounters(ThreadCounters&& other) noexcept;
  ThreadCounters& operator=(ThreadCounters&&) = delete;
  ThreadCounters(const ThreadCounters&) = delete;
  ThreadCounters& operator=(const ThreadCounters&) = delete;
  ~ThreadCounters();

  void Start();
  // Counts since Start(), scaled by enabled/running time when the kernel multiplexed them;
  // a counter that never ran is left out (no number is better than a made-up one).
  CounterValues Stop();
  bool empty() const { return fds_.empty(); }

 private:
  friend class PerfCounterSet;
  std::vector<int> fds_;
  std::vector<std::string> names_;
};

class PerfCounterSet {
 public:
  // Resolves every event of `sets` with libpfm4 and opens each once on the calling thread.
  static PerfCounterSet Probe(const std::vector<const EventSet*>& sets);
  // Every event set (AllEventSets()).
  static PerfCounterSet ProbeAll();

  const std::vector<CounterStatus>& statuses() const { return statuses_; }
  std::vector<std::string> AvailableCounters() const;
  // The memattr.perf_counters context value, e.g.
  // "available: task_clock_ns,page_faults; unavailable: cycles,instructions (perf_event_open: …)".
  std::string Describe() const;
  // Opens the available counters on the calling thread; one that fails now is left out.
  ThreadCounters OpenOnThisThread() const;

 private:
  std::vector<CounterStatus> statuses_;
  std::vector<std::pair<std::string, perf_event_attr>> available_;
};

}  // namespace memattr
