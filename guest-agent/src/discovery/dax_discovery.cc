#include "discovery/dax_discovery.h"

#include "discovery/sysfs_reader.h"

namespace memattr::agent {
namespace {

Result<DiscoveredRegion> ReadDaxDevice(const std::filesystem::path& dir,
                                       const std::filesystem::path& dev_root) {
  const std::string name = dir.filename().string();
  auto size = ReadSysfsNumber(dir / "size");
  if (!size) return size.error();
  if (*size == 0) return Error{name + ": size 0 (no capacity assigned to this instance)"};
  const std::string driver = SysfsLinkName(dir / "driver");
  if (driver == "kmem")
    return Error{name + ": bound to kmem (onlined as System RAM; use its NUMA node)"};
  DiscoveredRegion r;
  r.name = name;
  r.kind = ManifestRegionKind::kDax;
  r.size_bytes = *size;
  r.driver = driver;
  auto node = ReadSysfsNumber(dir / "numa_node");
  r.numa_node = node ? static_cast<int>(static_cast<std::int64_t>(*node)) : -1;
  if (auto resource = ReadSysfsNumber(dir / "resource")) r.physical_address = *resource;
  if (auto align = ReadSysfsNumber(dir / "align"))
    r.notes.push_back("align=" + std::to_string(*align));
  if (driver.empty()) r.notes.push_back("not bound to device_dax");
  r.spec.kind = RegionKind::kDax;
  r.spec.name = name;
  r.spec.path = dev_root / name;
  r.spec.size = *size;
  return r;
}

}  // namespace

DiscoveryResult DiscoverDaxDevices(const std::filesystem::path& sysfs_root,
                                   const std::filesystem::path& dev_root) {
  DiscoveryResult result;
  const std::filesystem::path devices = sysfs_root / "bus/dax/devices";
  for (const std::string& name : ListSysfsDir(devices)) {
    auto region = ReadDaxDevice(devices / name, dev_root);
    if (!region) {
      result.skipped.push_back({name, region.error().message});
      continue;
    }
    result.found.push_back(*std::move(region));
  }
  return result;
}

std::vector<PmemNamespace> DiscoverPmemNamespaces(const std::filesystem::path& sysfs_root) {
  std::vector<PmemNamespace> out;
  const std::filesystem::path devices = sysfs_root / "bus/nd/devices";
  for (const std::string& name : ListSysfsDir(devices)) {
    if (name.rfind("namespace", 0) != 0) continue;
    auto size = ReadSysfsNumber(devices / name / "size");
    if (!size || *size == 0) continue;
    auto mode = ReadSysfsText(devices / name / "mode");
    out.push_back({name, mode ? *mode : "unknown", *size});
  }
  return out;
}

}  // namespace memattr::agent
