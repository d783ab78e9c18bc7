// Finds device-DAX instances under <sysfs>/bus/dax/devices/daxX.Y (size, numa_node, align,
// resource) and raw/fsdax pmem namespaces under <sysfs>/bus/nd/devices/namespaceX.Y.
//   DiscoveryResult r = DiscoverDaxDevices("/sys", "/dev");
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "discovery/discovered_region.h"

namespace memattr::agent {

// One region per dax device with a non-zero size that is bound to device_dax (or unbound);
// kmem-bound or empty ones are skipped with the reason. Mapped through <dev_root>/daxX.Y.
DiscoveryResult DiscoverDaxDevices(const std::filesystem::path& sysfs_root,
                                   const std::filesystem::path& dev_root);

struct PmemNamespace {
  std::string name;  // "namespace0.0"
  std::string mode;  // "raw", "fsdax", "devdax", "sector"
  std::uint64_t size_bytes = 0;
};
// Every namespace with a non-zero size, sorted by name.
std::vector<PmemNamespace> DiscoverPmemNamespaces(const std::filesystem::path& sysfs_root);

}  // namespace memattr::agent
