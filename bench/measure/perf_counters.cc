// PerfCounterSet with libpfm4: event names -> perf_event_attr -> perf_event_open.
#include "measure/perf_counters.h"

#include <perfmon/pfmlib_perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>

namespace memattr {
namespace {

// pfm_initialize() once per process; its error, if any, is every event's reason.
const std::string& PfmInitError() {
  static std::once_flag once;
  static std::string error;
  std::call_once(once, [] {
    int rc = pfm_initialize();
    if (rc != PFM_SUCCESS) error = std::string("libpfm4: pfm_initialize: ") + pfm_strerror(rc);
  });
  return error;
}

int OpenOnThread(perf_event_attr& attr) {
  return static_cast<int>(::syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC));
}

std::optional<perf_event_attr> Encode(const std::string& name) {
  perf_event_attr attr;
  std::memset(&attr, 0, sizeof(attr));
  pfm_perf_encode_arg_t arg;
  std::memset(&arg, 0, sizeof(arg));
  arg.attr = &attr;
  arg.size = sizeof(arg);
  // User level only: the kernels run in user space, and paranoid settings allow it.
  if (pfm_get_os_event_encoding(name.c_str(), PFM_PLM3, PFM_OS_PERF_EVENT, &arg) != PFM_SUCCESS)
    return std::nullopt;
  attr.size = sizeof(attr);
  attr.disabled = 1;
  attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
  return attr;
}

std::string Tried(const CounterEvent& event) {
  std::string s;
  for (const std::string& n : event.pfm_names) s += (s.empty() ? "" : "|") + n;
  return s;
}

// Resolves the first known name and opens it once; fills `attr` when available.
CounterStatus ProbeEvent(const CounterEvent& event, perf_event_attr* attr) {
  CounterStatus status{event.counter, Tried(event), false, ""};
  if (!PfmInitError().empty()) {
    status.reason = PfmInitError();
    return status;
  }
  for (const std::string& name : event.pfm_names) {
    std::optional<perf_event_attr> encoded = Encode(name);
    if (!encoded) continue;
    status.event = name;
    int fd = OpenOnThread(*encoded);
    if (fd < 0) {
      // Without the event name, so that one missing PMU reads as one reason for all its events.
      const int err = errno;
      status.reason = "perf_event_open: " + std::string(std::strerror(err)) + " (errno " +
                      std::to_string(err) + ")";
      return status;
    }
    ::close(fd);
    *attr = *encoded;
    status.available = true;
    return status;
  }
  status.reason = "libpfm4: no such event on this PMU";
  return status;
}

}  // namespace

PerfCounterSet PerfCounterSet::Probe(const std::vector<const EventSet*>& sets) {
  PerfCounterSet set;
  for (const EventSet* event_set : sets) {
    for (const CounterEvent& event : event_set->events) {
      perf_event_attr attr;
      set.statuses_.push_back(ProbeEvent(event, &attr));
      if (set.statuses_.back().available) set.available_.emplace_back(event.counter, attr);
    }
  }
  return set;
}

ThreadCounters PerfCounterSet::OpenOnThisThread() const {
  ThreadCounters counters;
  for (auto [name, attr] : available_) {
    int fd = OpenOnThread(attr);
    if (fd < 0) continue;
    counters.fds_.push_back(fd);
    counters.names_.push_back(name);
  }
  return counters;
}

}  // namespace memattr
