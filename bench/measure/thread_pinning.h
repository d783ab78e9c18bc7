// Pins benchmark threads to CPUs with hwloc: thread i runs on the i-th PU of the topology's
// cores-first order (wrapping around), so threads spread over cores before sharing one.
// The binding is restored when the guard dies, so a pinned main thread is not left pinned.
//   ThreadPinner pinner(topology);
//   Result<PinGuard> pin = pinner.PinCurrentThread(state.thread_index());
#pragma once

#include <hwloc.h>

#include <string>
#include <vector>

#include "measure/topology.h"
#include "memattr/result.h"

namespace memattr {

// Restores the calling thread's previous CPU binding on destruction. Move-only; must be
// destroyed on the thread that created it.
class PinGuard {
 public:
  PinGuard(hwloc_topology_t topology, hwloc_bitmap_t previous)
      : topology_(topology), previous_(previous) {}
  PinGuard(PinGuard&& other) noexcept;
  PinGuard& operator=(PinGuard&&) = delete;
  PinGuard(const PinGuard&) = delete;
  PinGuard& operator=(const PinGuard&) = delete;
  ~PinGuard();

 private:
  hwloc_topology_t topology_;
  hwloc_bitmap_t previous_;
};

class ThreadPinner {
 public:
  // REQUIRES: `topology` outlives the pinner and has at least one PU.
  explicit ThreadPinner(const Topology& topology);

  // OS CPU number thread `thread_index` is pinned to.
  unsigned CpuFor(int thread_index) const;
  // Binds the calling thread to CpuFor(thread_index). Errors name the CPU and errno.
  Result<PinGuard> PinCurrentThread(int thread_index) const;
  // The context value: "cores-first: 0,1" (thread i -> i-th CPU, wrapping).
  std::string Describe() const;

 private:
  hwloc_topology_t topology_;
  std::vector<unsigned> cpus_;
};

}  // namespace memattr
