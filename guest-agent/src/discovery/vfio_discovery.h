// Turns a BAR of a vfio-pci-bound device into a VFIO region: reads its IOMMU group
// (<sysfs>/bus/pci/devices/BDF/iommu_group -> .../iommu_groups/N) for /dev/vfio/N.
//   DiscoveredRegion v = MakeVfioRegion(bar_region, "/sys");
#pragma once

#include <filesystem>

#include "discovery/discovered_region.h"

namespace memattr::agent {

// REQUIRES: bar.kind == kBar with pci_bdf and bar set. Returns the region re-labelled as
// kVfio, mapped through VFIO_PCI_BAR<n>_REGION_INDEX; notes name the group.
DiscoveredRegion MakeVfioRegion(DiscoveredRegion bar, const std::filesystem::path& sysfs_root);

}  // namespace memattr::agent
