// ThreadCounters: enable, disable, read and close perf_event fds of one thread.
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdint>
#include <utility>

#include "measure/perf_counters.h"

namespace memattr {
namespace {

// read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING.
struct ReadValue {
  std::uint64_t value = 0;
  std::uint64_t time_enabled = 0;
  std::uint64_t time_running = 0;
};

}  // namespace

ThreadCounters::ThreadCounters(ThreadCounters&& other) noexcept
    : fds_(std::exchange(other.fds_, {})), names_(std::exchange(other.names_, {})) {}

ThreadCounters::~ThreadCounters() {
  for (int fd : fds_) ::close(fd);
}

void ThreadCounters::Start() {
  for (int fd : fds_) {
    ::ioctl(fd, PERF_EVENT_IOC_RESET, 0);
    ::ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
  }
}

CounterValues ThreadCounters::Stop() {
  for (int fd : fds_) ::ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
  CounterValues values;
  for (std::size_t i = 0; i < fds_.size(); ++i) {
    ReadValue r;
    if (::read(fds_[i], &r, sizeof(r)) != static_cast<ssize_t>(sizeof(r))) continue;
    if (r.time_running == 0) continue;
    double scale = static_cast<double>(r.time_enabled) / static_cast<double>(r.time_running);
    values.emplace_back(names_[i], static_cast<double>(r.value) * scale);
  }
  return values;
}

}  // namespace memattr
