// VFIO regions of PCI BARs: checks that a device can be used through VFIO (bound to vfio-pci,
// its IOMMU group viable), says why not (no vfio-pci in this kernel, another driver, no
// IOMMU group, a group member on another driver), and turns a BAR of a usable device into a
// VFIO region (<sysfs>/bus/pci/devices/BDF/iommu_group -> .../iommu_groups/N for /dev/vfio/N).
// memattr-host checks host devices with the same rule before passing them through.
//   Status s = CheckVfioDevice("/sys", "0000:01:00.0");
//   // "vfio 0000:01:00.0: bound to 'nvme', not vfio-pci (unbind it and bind vfio-pci)"
//   DiscoveredRegion v = MakeVfioRegion(bar_region, "/sys");
#pragma once

#include <filesystem>
#include <string>

#include "discovery/discovered_region.h"
#include "memattr/protocol/vfio_viability.h"
#include "memattr/result.h"

namespace memattr::agent {

// The viability rule memattr-host shares (memattr/protocol/vfio_viability.h).
using protocol::CheckVfioDevice;

// Why `bdf` is not usable through VFIO in this kernel: CheckVfioDevice's reason, preceded by
// "this kernel has no vfio-pci driver" when <sysfs>/bus/pci/drivers/vfio-pci is missing.
// "" when it is usable.
std::string VfioUnusableReason(const std::filesystem::path& sysfs_root, const std::string& bdf);

// REQUIRES: bar.kind == kBar with pci_bdf and bar set. Returns the region re-labelled as
// kVfio, mapped through VFIO_PCI_BAR<n>_REGION_INDEX; notes name the group.
DiscoveredRegion MakeVfioRegion(DiscoveredRegion bar, const std::filesystem::path& sysfs_root);

}  // namespace memattr::agent
