#include "matrix/attribute_matrix.h"

#include <algorithm>

namespace memattr::agent {
namespace {

// Device-DAX maps only whole 2 MiB pages (its usual align): round the working set up.
constexpr std::uint64_t kDaxMapGranule = 2ull << 20;

std::uint64_t CellBytes(const DiscoveredRegion& region, const MatrixOptions& options) {
  if (region.size_bytes == 0) return options.working_set_bytes;
  std::uint64_t bytes = options.working_set_bytes;
  if (region.kind == ManifestRegionKind::kDax && region.spec.kind == RegionKind::kDax)
    bytes = (bytes + kDaxMapGranule - 1) / kDaxMapGranule * kDaxMapGranule;
  return std::min(region.size_bytes, bytes);
}

// The interfaces Linux gives without our module, per kind (PLATFORM-NOTES "Stage-1 types").
Result<RegionSpec> SysfsRoute(const DiscoveredRegion& region, MemoryAttribute attribute,
                              std::string& route) {
  RegionSpec spec = region.spec;
  switch (region.kind) {
    case ManifestRegionKind::kRam:
    case ManifestRegionKind::kFile:
    case ManifestRegionKind::kDax:
    case ManifestRegionKind::kCxl:
      if (attribute != MemoryAttribute::kNormalWb) break;
      route = std::string(ToString(spec.kind)) + " mmap (Normal-WB by default)";
      return spec;
    case ManifestRegionKind::kBar:
      if (attribute == MemoryAttribute::kDeviceNGnRE) {
        route = "sysfs resource" + std::to_string(region.bar);
        return spec;
      }
      if (attribute == MemoryAttribute::kNormalNc && region.prefetchable) {
        spec.path += "_wc";
        route = "sysfs resource" + std::to_string(region.bar) + "_wc";
        return spec;
      }
      break;
    case ManifestRegionKind::kVfio:  // vfio-pci chooses: pgprot_noncached, Device-nGnRnE
      if (attribute != MemoryAttribute::kDeviceNGnRnE) break;
      route = "VFIO region mmap (vfio-pci maps it Device-nGnRnE)";
      return spec;
  }
  return Error{std::string(ToString(attribute)) + " is not reachable on a " +
               std::string(ToString(region.kind)) + " region through Linux's own interfaces" +
               (region.kind == ManifestRegionKind::kBar && !region.prefetchable &&
                        attribute == MemoryAttribute::kNormalNc
                    ? " (non-prefetchable BAR: no resourceN_wc)"
                    : "")};
}

RegionSpec ModuleSpec(const DiscoveredRegion& region, const MatrixOptions& options) {
  RegionSpec spec;
  spec.kind = RegionKind::kModule;
  spec.name = region.name;
  spec.path = options.module_device;
  spec.physical_address = *region.physical_address;
  // A range the manifest names is a device under test: the module maps it even where a driver
  // holds it (MEMATTR_CLAIM_DEVICE_UNDER_TEST), as force=1 maps a BAR a driver holds.
  spec.force = options.regions_from_manifest ? ForceMapping::kYes : ForceMapping::kNo;
  return spec;
}

constexpr char kHostSkipReason[] =
    "skipped at the host's request (manifest skip_cells: it crashed an earlier boot)";

// Does a host skip cover this (kernel, threads) / probe / whole attribute ("" and 0 = any)?
bool HostSkips(const MatrixOptions& options, const std::string& region, MemoryAttribute attribute,
               const std::string& kernel, int threads, const std::string& probe) {
  for (const ManifestSkipCell& s : options.host_skips) {
    if (s.region != region || s.attribute != attribute) continue;
    if (s.kernel.empty() && s.probe.empty()) return true;
    if (!s.kernel.empty() && s.kernel == kernel && (s.threads == 0 || s.threads == threads))
      return true;
    if (!s.probe.empty() && s.probe == probe) return true;
  }
  return false;
}

std::vector<ManifestHostOutcome> HostOutcomesFor(const MatrixOptions& options,
                                                 const std::string& region,
                                                 MemoryAttribute attribute) {
  std::vector<ManifestHostOutcome> out;
  for (const ManifestHostOutcome& o : options.host_outcomes)
    if (o.region == region && o.attribute == attribute) out.push_back(o);
  return out;
}

std::vector<ManifestEarlierEvidence> EarlierFor(const MatrixOptions& options,
                                                const std::string& region,
                                                MemoryAttribute attribute) {
  std::vector<ManifestEarlierEvidence> out;
  for (const ManifestEarlierEvidence& e : options.earlier_evidence)
    if (e.region == region && e.attribute == attribute) out.push_back(e);
  return out;
}

bool HasHostOutcome(const MatrixCell& cell, const std::string& probe) {
  return std::any_of(cell.host_outcomes.begin(), cell.host_outcomes.end(),
                     [&](const ManifestHostOutcome& o) { return o.probe == probe; });
}

bool Planned(const MatrixPlan& plan, const ManifestHostOutcome& o) {
  return std::any_of(plan.cells.begin(), plan.cells.end(), [&](const MatrixCell& c) {
    return c.region == o.region && c.attribute == o.attribute;
  });
}

void AddKernels(MatrixCell& cell, const MatrixOptions& options,
                std::vector<SkippedMatrixCell>& skipped) {
  for (const KernelInfo* kernel : options.kernels) {
    if (!kernel->AvailableOn(options.arch)) {
      skipped.push_back({cell.region, cell.attribute, kernel->name, "",
                         "not built for " + std::string(ToString(options.arch)) + ": " +
                             kernel->not_applicable_reason});
      continue;
    }
    for (int threads : options.threads) {
      if (HostSkips(options, cell.region, cell.attribute, kernel->name, threads, "")) {
        skipped.push_back({cell.region, cell.attribute, kernel->name, "", kHostSkipReason});
        continue;
      }
      cell.kernels.push_back({kernel, threads});
    }
  }
}

void AddProbes(MatrixCell& cell, const MatrixOptions& options,
               std::vector<SkippedMatrixCell>& skipped) {
  for (const ProbeInfo* probe : options.probes) {
    if (options.arch == Arch::kX86_64 && !probe->available_on_x86_64) {
      skipped.push_back({cell.region, cell.attribute, "", probe->name,
                         "not on x86_64: " + probe->not_applicable_reason});
      continue;
    }
    if (HasHostOutcome(cell, probe->name)) continue;  // the host's outcome stands for it
    if (HostSkips(options, cell.region, cell.attribute, "", 0, probe->name)) {
      skipped.push_back({cell.region, cell.attribute, "", probe->name, kHostSkipReason});
      continue;
    }
    cell.probes.push_back(probe);
  }
}

}  // namespace

Result<MatrixCell> RouteAttribute(const DiscoveredRegion& region, MemoryAttribute attribute,
                                  const MatrixOptions& options) {
  MatrixCell cell;
  cell.region = region.name;
  cell.attribute = attribute;
  auto spec = SysfsRoute(region, attribute, cell.route);
  // A VFIO region is vfio-pci's mapping; the module's types of that memory belong to its BAR.
  if (!spec && region.kind == ManifestRegionKind::kVfio)
    return Error{spec.error().message +
                 ": vfio-pci, not the caller, chooses a VFIO mapping's "
                 "type (Device-nGnRnE); the module maps this memory as a "
                 "bar region"};
  if (!spec && options.module == ModuleState::kAbsent)
    return Error{spec.error().message + ", and the memattr module is not loaded (" +
                 options.module_device.string() + " absent)"};
  if (!spec && !region.physical_address)
    return Error{spec.error().message +
                 ", and the memattr module needs a physical address, unknown for this region"};
  if (!spec) {
    spec = ModuleSpec(region, options);
    cell.route = "memattr module " + options.module_device.string();
  }
  cell.spec = *spec;
  cell.spec.size = CellBytes(region, options);
  return cell;
}

MatrixPlan BuildMatrix(const std::vector<DiscoveredRegion>& regions, const MatrixOptions& options) {
  MatrixPlan plan;
  const std::span<const MemoryAttribute> attributes =
      options.attributes.empty() ? AllMemoryAttributes()
                                 : std::span<const MemoryAttribute>(options.attributes);
  for (std::size_t i = 0; i < regions.size(); ++i) {
    for (MemoryAttribute attribute : attributes) {
      auto cell = RouteAttribute(regions[i], attribute, options);
      if (!cell) {
        plan.skipped.push_back({regions[i].name, attribute, "", "", cell.error().message});
        continue;
      }
      cell->region_index = i;
      cell->host_outcomes = HostOutcomesFor(options, regions[i].name, attribute);
      cell->earlier = EarlierFor(options, regions[i].name, attribute);
      if (HostSkips(options, regions[i].name, attribute, "", 0, "")) {
        plan.skipped.push_back({regions[i].name, attribute, "", "", kHostSkipReason});
        // Else kept for the evidence of the host and of earlier boots alone.
        if (cell->host_outcomes.empty() && cell->earlier.empty()) continue;
      } else {
        AddProbes(*cell, options, plan.skipped);
        AddKernels(*cell, options, plan.skipped);
      }
      plan.cells.push_back(*std::move(cell));
    }
  }
  for (const ManifestHostOutcome& o : options.host_outcomes)
    if (!Planned(plan, o)) plan.unplaced_host_outcomes.push_back(o);
  return plan;
}

}  // namespace memattr::agent
