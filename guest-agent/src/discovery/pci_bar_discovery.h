// Finds PCI memory BARs under <sysfs>/bus/pci/devices/*/resource (one "start end flags" line
// per resource; lines 0-5 are the BARs). A device bound to vfio-pci yields each BAR twice: as
// a BAR (sysfs, module) and as a VFIO region (vfio_discovery.h; skipped with the reason when
// its IOMMU group is not viable); one bound to another driver is skipped: not ours.
//   DiscoveryResult r = DiscoverPciBars("/sys");
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "discovery/discovered_region.h"

namespace memattr::agent {

inline constexpr std::uint64_t kIoResourceMem = 0x200;
inline constexpr std::uint64_t kIoResourcePrefetch = 0x2000;
inline constexpr std::uint64_t kIoResourceMem64 = 0x100000;

struct PciResourceLine {
  std::uint64_t start = 0, end = 0, flags = 0;
  bool is_memory() const { return (flags & kIoResourceMem) != 0 && start != 0 && end > start; }
  std::uint64_t size() const { return end - start + 1; }
};

// Parses a sysfs `resource` file's text; errors name the line.
Result<std::vector<PciResourceLine>> ParsePciResourceFile(const std::string& text);

// Every memory BAR of every device; skipped entries carry why (driver bound, not memory...).
DiscoveryResult DiscoverPciBars(const std::filesystem::path& sysfs_root);

// A non-prefetchable BAR smaller than one page is a device's register window (e.g. ivshmem's
// 256-byte BAR0), not memory under test: writes do not read back, so kernels would fault.
bool IsRegisterWindow(const DiscoveredRegion& region, std::uint64_t page_bytes);

// `result` with every register window moved from found to skipped, with the reason.
// For auto-discovery only: a manifest that names such a BAR is honoured.
DiscoveryResult SkipRegisterWindows(DiscoveryResult result, std::uint64_t page_bytes);

}  // namespace memattr::agent
