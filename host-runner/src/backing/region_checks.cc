#include "backing/region_checks.h"

#include "backing/vfio_backing.h"

namespace memattr::host {
namespace {

std::optional<std::string> NeedDevice(const QemuCapabilities& caps, const std::string& device) {
  if (caps.HasDevice(device)) return std::nullopt;
  return caps.binary.string() + " has no '" + device + "' device";
}

// Why `path` cannot back a region, or nullopt.
std::optional<std::string> PathProblem(const RegionConfig& r) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(r.path, ec);
  const std::string path = r.path.string();
  if (!fs::exists(st)) {
    if (path.rfind("/dev/", 0) == 0) return std::nullopt;  // SelectRegions: a skip
    return path +
           " does not exist; memattr creates files only in the results directory (leave out "
           "`path` and it creates " +
           r.name + ".img there)";
  }
  switch (st.type()) {
    case fs::file_type::fifo:
      return path + " is a FIFO: it holds no memory to measure";
    case fs::file_type::socket:
      return path + " is a socket: it holds no memory to measure";
    case fs::file_type::directory:
      return path + " is a directory: give a file or a /dev/daxX.Y device";
    case fs::file_type::character:  // the device under test (/dev/daxX.Y, /dev/memattr-wb, ...)
      return std::nullopt;
    case fs::file_type::regular:
    case fs::file_type::block:
      if (r.overwrite) return std::nullopt;
      return path +
             " exists and the guest writes to the memory it measures: its contents would be "
             "overwritten (set `overwrite: true` on the region to allow it, or leave out `path`)";
    default:
      return path + " is not a file or a device";
  }
}

}  // namespace

Status CheckRegionPaths(const Scenario& scenario) {
  for (std::size_t i = 0; i < scenario.regions.size(); ++i) {
    const RegionConfig& r = scenario.regions[i];
    if (r.path.empty()) continue;
    if (auto problem = PathProblem(r))
      return Error{scenario.file.string() + ":" + std::to_string(r.line) + ": regions[" +
                   std::to_string(i) + "].path: " + *problem};
  }
  return OkStatus();
}

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
