#include "measure/thread_pinning.h"

#include <cerrno>
#include <utility>

namespace memattr {

PinGuard::PinGuard(PinGuard&& other) noexcept
    : topology_(other.topology_), previous_(std::exchange(other.previous_, nullptr)) {}

PinGuard::~PinGuard() {
  if (previous_ == nullptr) return;
  hwloc_set_cpubind(topology_, previous_, HWLOC_CPUBIND_THREAD);
  hwloc_bitmap_free(previous_);
}

ThreadPinner::ThreadPinner(const Topology& topology)
    : topology_(topology.handle()), cpus_(topology.facts().pu_order) {}

unsigned ThreadPinner::CpuFor(int thread_index) const {
  if (cpus_.empty()) return 0;
  return cpus_[static_cast<std::size_t>(thread_index) % cpus_.size()];
}

Result<PinGuard> ThreadPinner::PinCurrentThread(int thread_index) const {
  if (cpus_.empty()) return Error{"hwloc: the topology has no PUs to pin to"};
  const unsigned cpu = CpuFor(thread_index);
  hwloc_bitmap_t previous = hwloc_bitmap_alloc();
  hwloc_bitmap_t target = hwloc_bitmap_alloc();
  hwloc_bitmap_only(target, cpu);
  const std::string what =
      "bind thread " + std::to_string(thread_index) + " to cpu " + std::to_string(cpu);
  if (hwloc_get_cpubind(topology_, previous, HWLOC_CPUBIND_THREAD) != 0 ||
      hwloc_set_cpubind(topology_, target, HWLOC_CPUBIND_THREAD) != 0) {
    Error e = ErrnoError("hwloc", what);
    hwloc_bitmap_free(previous);
    hwloc_bitmap_free(target);
    return e;
  }
  hwloc_bitmap_free(target);
  return PinGuard(topology_, previous);
}

std::string ThreadPinner::Describe() const {
  std::string s = "cores-first: ";
  for (std::size_t i = 0; i < cpus_.size(); ++i) s += (i ? "," : "") + std::to_string(cpus_[i]);
  return s;
}

}  // namespace memattr
