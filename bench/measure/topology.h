// The machine as hwloc sees it: packages, cores, PUs, data caches, NUMA nodes, memory.
// It chooses the default streaming working set (4x the last-level cache) and the order in
// which benchmark threads are pinned (one PU per core first, then the siblings).
//   Result<Topology> t = Topology::Discover();
//   WorkingSetChoice ws = DefaultStreamingWorkingSet(t->facts());
#pragma once

#include <hwloc.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "memattr/result.h"

namespace memattr {

struct CacheLevel {
  int level = 0;                 // 1, 2, 3 ...
  std::uint64_t size_bytes = 0;  // one cache of this level
  int count = 0;                 // caches of this level in the machine
};

struct TopologyFacts {
  int packages = 0;
  int cores = 0;
  int pus = 0;
  int numa_nodes = 0;
  std::uint64_t total_memory_bytes = 0;
  std::vector<CacheLevel> data_caches;  // by level, ascending
  std::uint64_t llc_bytes = 0;          // one last-level cache; 0 = unknown
  std::vector<unsigned> pu_order;       // OS CPU numbers: first PU of each core, then siblings
  // "packages=1 cores=2 pus=2 numa_nodes=1 memory=… caches=L1d:48K×2,L2:1M×2,L3:508M×2"
  std::string Summary() const;
};

// Owns an hwloc topology. Move-only.
class Topology {
 public:
  // The running machine. Errors name the failing hwloc call and errno.
  static Result<Topology> Discover();
  // An hwloc synthetic description, e.g. "NUMANode:2 Package:1 L3Cache:1(size=8388608)
  // Core:4 PU:2" (tests; such a topology cannot bind threads).
  static Result<Topology> FromSynthetic(const std::string& description);

  Topology(Topology&& other) noexcept;
  Topology& operator=(Topology&& other) noexcept;
  Topology(const Topology&) = delete;
  Topology& operator=(const Topology&) = delete;
  ~Topology();

  const TopologyFacts& facts() const { return facts_; }
  hwloc_topology_t handle() const { return topology_; }

 private:
  explicit Topology(hwloc_topology_t topology);
  hwloc_topology_t topology_ = nullptr;
  TopologyFacts facts_;
};

struct WorkingSetPolicy {
  unsigned llc_multiple = 4;                     // streaming >= 4x LLC (issue 4)
  std::uint64_t assumed_llc_bytes = 8ull << 20;  // when hwloc reports no cache
  unsigned max_memory_fraction = 8;              // never more than memory / 8
};

struct WorkingSetChoice {
  std::uint64_t bytes = 0;
  std::string how;  // "4 x LLC (8388608 bytes)", with any assumption or cap spelled out
};

// The default working set for streaming kernels, rounded up to 2 MiB.
WorkingSetChoice DefaultStreamingWorkingSet(const TopologyFacts& facts,
                                            const WorkingSetPolicy& policy = {});

}  // namespace memattr
