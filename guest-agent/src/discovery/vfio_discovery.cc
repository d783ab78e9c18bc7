#include "discovery/vfio_discovery.h"

#include "discovery/sysfs_reader.h"

namespace memattr::agent {

DiscoveredRegion MakeVfioRegion(DiscoveredRegion bar, const std::filesystem::path& sysfs_root) {
  const std::string group =
      SysfsLinkName(sysfs_root / "bus/pci/devices" / bar.pci_bdf / "iommu_group");
  bar.kind = ManifestRegionKind::kVfio;
  bar.name = bar.pci_bdf + "/vfio-bar" + std::to_string(bar.bar);
  bar.notes.push_back(group.empty() ? "no iommu_group link (VFIO needs an IOMMU)"
                                    : "iommu group " + group + " (/dev/vfio/" + group + ")");
  bar.spec = RegionSpec{};
  bar.spec.kind = RegionKind::kVfio;
  bar.spec.name = bar.name;
  bar.spec.pci_bdf = bar.pci_bdf;
  bar.spec.vfio_region_index = static_cast<unsigned>(bar.bar);  // VFIO_PCI_BAR0_REGION_INDEX = 0
  bar.spec.size = bar.size_bytes;
  return bar;
}

}  // namespace memattr::agent
