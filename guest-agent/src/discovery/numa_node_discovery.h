// Finds memory-only NUMA nodes (CXL-style memory: MemTotal > 0, empty cpulist) under
// <sysfs>/devices/system/node/nodeN. Nodes with CPUs are the guest's own RAM: not listed.
//   DiscoveryResult r = DiscoverMemoryOnlyNodes("/sys");
#pragma once

#include <filesystem>

#include "discovery/discovered_region.h"

namespace memattr::agent {

// Each memory-only node as a kCxl region mapped with RegionKind::kNuma (size 0 = the
// working set decides); memory-less or unreadable nodes are skipped with the reason.
DiscoveryResult DiscoverMemoryOnlyNodes(const std::filesystem::path& sysfs_root);

}  // namespace memattr::agent
