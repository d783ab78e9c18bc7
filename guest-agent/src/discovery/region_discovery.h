// Runs every discovery (dax, PCI BARs/VFIO, memory-only NUMA nodes, the guest's own RAM),
// and matches the manifest's regions against what was found. Every region the manifest names
// ends up either found (renamed to the manifest's name) or skipped with the reason.
//   DiscoveryResult r = SelectRegions(manifest, {.sysfs_root = "/sys", .dev_root = "/dev"});
#pragma once

#include <cstdint>
#include <filesystem>

#include "discovery/devdax_converter.h"
#include "discovery/discovered_region.h"
#include "manifest/manifest.h"

namespace memattr::agent {

struct DiscoveryOptions {
  std::filesystem::path sysfs_root = "/sys";
  std::filesystem::path dev_root = "/dev";
  CommandRunner run_command = RunCommand;  // ndctl, when the manifest asks for make_devdax
  std::uint64_t page_bytes = 0;  // auto-discovery's register-BAR cut-off; 0 = this kernel's
};

// Everything found: "ram" first, then dax devices, PCI BARs, memory-only nodes.
DiscoveryResult DiscoverAll(const DiscoveryOptions& options);

// Without a manifest (present == false): DiscoverAll, minus PCI register windows
// (IsRegisterWindow), which are skipped with the reason. With one: exactly its regions, in its
// order, each matched (dax_device name; pci vendor/device or bdf + bar; numa_node) or
// skipped with what was looked for and what was there. `make_devdax` converts the first
// raw/fsdax pmem namespace with ndctl when the named dax device does not exist yet.
DiscoveryResult SelectRegions(const Manifest& manifest, const DiscoveryOptions& options);

}  // namespace memattr::agent
