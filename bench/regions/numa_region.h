// Maps anonymous memory bound to one NUMA node with hwloc (BIND, STRICT), touches it so the
// pages exist, and verifies with hwloc that they landed on that node; nothing else.
//   auto region = MapNumaRegion(spec, MemoryAttribute::kNormalWb);   // numa:node=1,size=64M
#pragma once

#include "memattr/mapped_region.h"

namespace memattr {

// REQUIRES: spec.size > 0, spec.numa_node a node of the hwloc topology. Errors name the
// node and errno (EINVAL unknown node, ENOSYS/EPERM from binding, EFAULT pages elsewhere).
Result<MappedRegion> MapNumaRegion(const RegionSpec& spec, MemoryAttribute requested);

}  // namespace memattr
