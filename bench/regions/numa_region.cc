#include "numa_region.h"

#include <hwloc.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "anonymous_region.h"
#include "fd_range_mapping.h"

namespace memattr {
namespace {

struct TopologyDeleter {
  void operator()(hwloc_topology* t) const { hwloc_topology_destroy(t); }
};
struct BitmapDeleter {
  void operator()(hwloc_bitmap_s* b) const { hwloc_bitmap_free(b); }
};
using Topology = std::unique_ptr<hwloc_topology, TopologyDeleter>;
using Bitmap = std::unique_ptr<hwloc_bitmap_s, BitmapDeleter>;

Result<Topology> LoadTopology(const std::string& who) {
  hwloc_topology_t raw = nullptr;
  if (hwloc_topology_init(&raw) != 0) return ErrnoError(who, "hwloc_topology_init");
  Topology topology(raw);
  if (hwloc_topology_load(raw) != 0) return ErrnoError(who, "hwloc_topology_load");
  return topology;
}

std::string NodeList(hwloc_topology_t topology) {
  char* text = nullptr;
  hwloc_bitmap_list_asprintf(&text, hwloc_topology_get_topology_nodeset(topology));
  std::string list = text ? text : "?";
  std::free(text);
  return list;
}

// Binds, faults in (zero-fill is our own initialisation) and checks where the pages are.
Status BindAndVerify(hwloc_topology_t topology, const std::string& who, void* base,
                     std::size_t length, unsigned node) {
  Bitmap want(hwloc_bitmap_alloc());
  hwloc_bitmap_only(want.get(), node);
  const int flags = HWLOC_MEMBIND_STRICT | HWLOC_MEMBIND_BYNODESET;
  if (hwloc_set_area_membind(topology, base, length, want.get(), HWLOC_MEMBIND_BIND, flags) != 0)
    return ErrnoError(who, "hwloc_set_area_membind(BIND, STRICT) node " + std::to_string(node));
  std::memset(base, 0, length);
  Bitmap got(hwloc_bitmap_alloc());
  if (hwloc_get_area_memlocation(topology, base, length, got.get(), HWLOC_MEMBIND_BYNODESET) != 0)
    return ErrnoError(who, "hwloc_get_area_memlocation");
  if (!hwloc_bitmap_isequal(want.get(), got.get())) {
    char* text = nullptr;
    hwloc_bitmap_list_asprintf(&text, got.get());
    std::string where = text ? text : "?";
    std::free(text);
    return ErrnoError(
        who, "pages landed on node(s) " + where + ", not node " + std::to_string(node), EFAULT);
  }
  return OkStatus();
}

}  // namespace

Result<MappedRegion> MapNumaRegion(const RegionSpec& spec, MemoryAttribute requested) {
  const std::string who = spec.name + " (NUMA node " + std::to_string(spec.numa_node) + ")";
  if (spec.size == 0 || spec.numa_node < 0)
    return ErrnoError(who, "numa region needs size > 0 and node >= 0", EINVAL);
  auto topology = LoadTopology(who);
  if (!topology) return topology.error();
  const unsigned node = static_cast<unsigned>(spec.numa_node);
  if (!hwloc_bitmap_isset(hwloc_topology_get_topology_nodeset(topology->get()), node))
    return ErrnoError(who, "no such node (nodes: " + NodeList(topology->get()) + ")", EINVAL);
  const std::size_t length = RoundUp(spec.size, PageSize());
  void* base = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) return ErrnoError(who, "mmap " + std::to_string(length) + " bytes");
  std::string how = "mmap(MAP_ANONYMOUS) + hwloc_set_area_membind(BIND, STRICT) node " +
                    std::to_string(node) + ", verified by hwloc_get_area_memlocation";
  if (spec.huge_pages == HugePages::kYes && ::madvise(base, length, MADV_HUGEPAGE) == 0)
    how += ", madvise(MADV_HUGEPAGE)";
  if (auto bound = BindAndVerify(topology->get(), who, base, length, node); !bound) {
    ::munmap(base, length);
    return bound.error();
  }
  return MappedRegion(spec, requested, base, length, 0, spec.size, -1, std::move(how));
}

}  // namespace memattr
