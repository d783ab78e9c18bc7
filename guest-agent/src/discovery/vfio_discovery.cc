#include "discovery/vfio_discovery.h"

#include <system_error>

#include "discovery/sysfs_reader.h"

namespace memattr::agent {

namespace fs = std::filesystem;

std::string VfioUnusableReason(const fs::path& sysfs_root, const std::string& bdf) {
  const Status usable = CheckVfioDevice(sysfs_root, bdf);
  if (usable.ok()) return "";
  std::string reason = usable.error().message;
  const fs::path device = sysfs_root / "bus/pci/devices" / bdf;
  std::error_code ec;
  if (fs::exists(device, ec) && SysfsLinkName(device / "iommu_group").empty())
    reason += "; it has no IOMMU group: this kernel sees no IOMMU for it and vfio-pci needs one";
  if (!fs::exists(sysfs_root / "bus/pci/drivers/vfio-pci", ec))
    return "this kernel has no vfio-pci driver (" +
           (sysfs_root / "bus/pci/drivers/vfio-pci").string() +
           " missing: vfio_pci not built or not loaded); " + reason;
  return reason;
}

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
