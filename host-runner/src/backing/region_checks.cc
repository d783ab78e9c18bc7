#include "backing/region_checks.h"

#include "backing/vfio_backing.h"

namespace memattr::host {
namespace {

std::optional<std::string> NeedDevice(const QemuCapabilities& caps, const std::string& device) {
  if (caps.HasDevice(device)) return std::nullopt;
  return caps.binary.string() + " has no '" + device + "' device";
}

}  // namespace

std::optional<std::string> CapabilityProblem(const RegionConfig& region,
                                             const QemuCapabilities& caps) {
  switch (region.kind) {
    case BackingKind::kDax:
      return NeedDevice(caps, "nvdimm");
    case BackingKind::kEmulatedBar:
      return NeedDevice(caps, "ivshmem-plain");
    case BackingKind::kVfio:
      return NeedDevice(caps, "vfio-pci");
    case BackingKind::kCxl:
      if (region.cxl_device_model) return caps.CxlType3Unsupported();
      return std::nullopt;
    case BackingKind::kRam:
      break;
  }
  return std::nullopt;
}

std::optional<std::string> HostBackingProblem(const RegionConfig& region,
                                              const HostCheckOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (region.kind == BackingKind::kVfio) {
    const Status s = CheckVfioDevice(options.sysfs_root, region.host_bdf);
    return s ? std::nullopt : std::optional(s.error().message);
  }
  if (region.path.string().rfind("/dev/", 0) == 0 && !fs::exists(region.path, ec))
    return "host device " + region.path.string() + " does not exist";
  if (region.host_node >= 0 && !fs::exists(options.sysfs_root / "devices/system/node" /
                                               ("node" + std::to_string(region.host_node)),
                                           ec))
    return "host NUMA node " + std::to_string(region.host_node) + " does not exist (" +
           (options.sysfs_root / "devices/system/node").string() + ")";
  return std::nullopt;
}

RegionSelection SelectRegions(const Scenario& scenario, const QemuCapabilities& caps,
                              const HostCheckOptions& options) {
  RegionSelection sel{scenario, {}};
  sel.scenario.regions.clear();
  for (const RegionConfig& r : scenario.regions) {
    auto problem = CapabilityProblem(r, caps);
    if (!problem && options.check_host) problem = HostBackingProblem(r, options);
    if (!problem) {
      sel.scenario.regions.push_back(r);
      continue;
    }
    sel.skipped.push_back({r.name, std::string(ToString(r.kind)), *problem});
  }
  return sel;
}

}  // namespace memattr::host
