#include "measure/topology.h"

#include <algorithm>
#include <cerrno>
#include <map>
#include <utility>

namespace memattr {
namespace {

constexpr std::uint64_t kRoundBytes = 2ull << 20;

std::string Bytes(std::uint64_t bytes) {
  if (bytes != 0 && bytes % (1ull << 30) == 0) return std::to_string(bytes >> 30) + "G";
  if (bytes != 0 && bytes % (1ull << 20) == 0) return std::to_string(bytes >> 20) + "M";
  if (bytes != 0 && bytes % (1ull << 10) == 0) return std::to_string(bytes >> 10) + "K";
  return std::to_string(bytes);
}

int Count(hwloc_topology_t t, hwloc_obj_type_t type) {
  return std::max(0, hwloc_get_nbobjs_by_type(t, type));
}

std::vector<CacheLevel> DataCaches(hwloc_topology_t t) {
  std::map<int, CacheLevel> by_level;
  for (int depth = 0; depth < hwloc_topology_get_depth(t); ++depth) {
    hwloc_obj_t first = hwloc_get_obj_by_depth(t, depth, 0);
    if (first == nullptr || !hwloc_obj_type_is_dcache(first->type)) continue;
    CacheLevel& c = by_level[static_cast<int>(first->attr->cache.depth)];
    c.level = static_cast<int>(first->attr->cache.depth);
    c.size_bytes = std::max<std::uint64_t>(c.size_bytes, first->attr->cache.size);
    c.count += hwloc_get_nbobjs_by_depth(t, depth);
  }
  std::vector<CacheLevel> out;
  for (auto& [level, cache] : by_level) out.push_back(cache);
  return out;
}

// One PU of every core first, then the second PU of every core, ...: threads spread over
// cores before they share one.
std::vector<unsigned> PuOrder(hwloc_topology_t t) {
  const int cores = Count(t, HWLOC_OBJ_CORE);
  std::vector<unsigned> order;
  if (cores == 0) {
    for (int i = 0; i < Count(t, HWLOC_OBJ_PU); ++i)
      order.push_back(hwloc_get_obj_by_type(t, HWLOC_OBJ_PU, i)->os_index);
    return order;
  }
  for (int rank = 0;; ++rank) {
    const std::size_t before = order.size();
    for (int c = 0; c < cores; ++c) {
      hwloc_obj_t core = hwloc_get_obj_by_type(t, HWLOC_OBJ_CORE, c);
      hwloc_obj_t pu = hwloc_get_obj_inside_cpuset_by_type(t, core->cpuset, HWLOC_OBJ_PU, rank);
      if (pu != nullptr) order.push_back(pu->os_index);
    }
    if (order.size() == before) return order;
  }
}

TopologyFacts ReadFacts(hwloc_topology_t t) {
  TopologyFacts f;
  f.packages = Count(t, HWLOC_OBJ_PACKAGE);
  f.cores = Count(t, HWLOC_OBJ_CORE);
  f.pus = Count(t, HWLOC_OBJ_PU);
  f.numa_nodes = Count(t, HWLOC_OBJ_NUMANODE);
  f.total_memory_bytes = hwloc_get_root_obj(t)->total_memory;
  f.data_caches = DataCaches(t);
  f.llc_bytes = f.data_caches.empty() ? 0 : f.data_caches.back().size_bytes;
  f.pu_order = PuOrder(t);
  return f;
}

Result<hwloc_topology_t> Init() {
  hwloc_topology_t t = nullptr;
  if (hwloc_topology_init(&t) != 0) return ErrnoError("hwloc", "hwloc_topology_init");
  return t;
}

}  // namespace

std::string TopologyFacts::Summary() const {
  std::string s = "packages=" + std::to_string(packages) + " cores=" + std::to_string(cores) +
                  " pus=" + std::to_string(pus) + " numa_nodes=" + std::to_string(numa_nodes) +
                  " memory=" + Bytes(total_memory_bytes) + " caches=";
  for (std::size_t i = 0; i < data_caches.size(); ++i) {
    const CacheLevel& c = data_caches[i];
    s += (i ? "," : "") + std::string("L") + std::to_string(c.level) + ":" + Bytes(c.size_bytes) +
         "x" + std::to_string(c.count);
  }
  return data_caches.empty() ? s + "none-reported" : s;
}

Topology::Topology(hwloc_topology_t topology) : topology_(topology), facts_(ReadFacts(topology)) {}

Topology::Topology(Topology&& other) noexcept
    : topology_(std::exchange(other.topology_, nullptr)), facts_(std::move(other.facts_)) {}

Topology& Topology::operator=(Topology&& other) noexcept {
  if (this == &other) return *this;
  if (topology_ != nullptr) hwloc_topology_destroy(topology_);
  topology_ = std::exchange(other.topology_, nullptr);
  facts_ = std::move(other.facts_);
  return *this;
}

Topology::~Topology() {
  if (topology_ != nullptr) hwloc_topology_destroy(topology_);
}

Result<Topology> Topology::Discover() {
  Result<hwloc_topology_t> t = Init();
  if (!t) return t.error();
  if (hwloc_topology_load(*t) != 0) {
    Error e = ErrnoError("hwloc", "hwloc_topology_load");
    hwloc_topology_destroy(*t);
    return e;
  }
  return Topology(*t);
}

Result<Topology> Topology::FromSynthetic(const std::string& description) {
  Result<hwloc_topology_t> t = Init();
  if (!t) return t.error();
  if (hwloc_topology_set_synthetic(*t, description.c_str()) != 0 || hwloc_topology_load(*t) != 0) {
    hwloc_topology_destroy(*t);
    return Error{"hwloc: invalid synthetic topology '" + description + "'"};
  }
  return Topology(*t);
}

WorkingSetChoice DefaultStreamingWorkingSet(const TopologyFacts& facts,
                                            const WorkingSetPolicy& policy) {
  const bool known = facts.llc_bytes != 0;
  const std::uint64_t llc = known ? facts.llc_bytes : policy.assumed_llc_bytes;
  std::uint64_t bytes = llc * policy.llc_multiple;
  std::string how = std::to_string(policy.llc_multiple) + " x LLC (" + std::to_string(llc) +
                    " bytes" + (known ? "" : ", assumed: hwloc reports no cache") + ")";
  const std::uint64_t cap = facts.total_memory_bytes / std::max(1u, policy.max_memory_fraction);
  if (cap != 0 && bytes > cap) {
    bytes = cap;
    how += ", capped at memory/" + std::to_string(policy.max_memory_fraction);
  }
  bytes = (bytes + kRoundBytes - 1) / kRoundBytes * kRoundBytes;
  return {bytes, how};
}

}  // namespace memattr
