// DiscoveredRegion: one piece of memory found in the guest, how to map it (RegionSpec) and
// the facts the matrix and inference need. SkippedRegion: something found but not usable,
// with the reason. Produced by the *_discovery.cc files, merged by region_discovery.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "manifest/manifest.h"
#include "memattr/region_spec.h"

namespace memattr::agent {

struct DiscoveredRegion {
  std::string name;  // "dax0.0", "0000:00:03.0/bar2", "node1", "ram"
  ManifestRegionKind kind = ManifestRegionKind::kRam;
  RegionSpec spec;               // how bench maps it (sysfs/devices interface)
  std::uint64_t size_bytes = 0;  // 0 = decided by the working set (ram)
  int numa_node = -1;
  std::optional<std::uint64_t> physical_address;  // for the memattr module, when known
  std::string backing;                            // host-side description, from the manifest
  bool prefetchable = false;                      // BARs: resourceN_wc exists for these
  std::string driver;                             // BARs: bound driver, "" = none
  std::uint16_t pci_vendor = 0, pci_device = 0;
  std::string pci_bdf;
  int bar = -1;
  std::vector<std::string> notes;  // facts worth carrying into region_found
};

struct SkippedRegion {
  std::string name;
  std::string reason;
};

struct DiscoveryResult {
  std::vector<DiscoveredRegion> found;
  std::vector<SkippedRegion> skipped;
  void Append(DiscoveryResult other);
};

}  // namespace memattr::agent
