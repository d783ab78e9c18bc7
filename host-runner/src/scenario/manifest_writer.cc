#include "scenario/manifest_writer.h"

#include "results/atomic_file.h"

namespace memattr::host {
namespace {

using protocol::ManifestRegion;
using protocol::ManifestRegionKind;

ManifestRegion RegionEntry(const RegionPlacement& p) {
  const RegionConfig& r = *p.config;
  ManifestRegion e;
  e.name = r.name;
  const std::string file_or_device = p.backing_is_host_device ? HostDeviceBacking(r.path) : "file";
  switch (r.kind) {
    case BackingKind::kRam:
      e.kind = ManifestRegionKind::kRam;
      break;
    case BackingKind::kDax:
      e.kind = ManifestRegionKind::kDax;
      e.dax_device = p.guest_dax_device;
      e.make_devdax = true;
      e.backing = file_or_device;
      break;
    case BackingKind::kCxl:
      e.kind = ManifestRegionKind::kCxl;
      e.numa_node = p.guest_numa_node;
      e.backing = r.host_node >= 0 ? "host-node" : file_or_device;
      break;
    case BackingKind::kEmulatedBar:
      e.kind = ManifestRegionKind::kBar;
      e.pci.bdf = p.guest_bdf;
      e.bar = r.bar;
      e.backing = p.backing_is_host_device ? HostDeviceBacking(r.path) : "ivshmem";
      break;
    case BackingKind::kVfio:  // to the guest an ordinary PCI device (no vIOMMU: guest_layout.cc)
      e.kind = ManifestRegionKind::kBar;
      e.pci.bdf = p.guest_bdf;
      e.bar = r.bar;
      e.backing = "host-vfio";
      break;
  }
  return e;
}

// guest_vfio: the same BAR once more, as the guest's own VFIO region (the init binds it).
ManifestRegion GuestVfioEntry(const RegionPlacement& p) {
  ManifestRegion e = RegionEntry(p);
  e.name = GuestVfioRegionName(*p.config);
  e.kind = ManifestRegionKind::kVfio;
  return e;
}

std::optional<protocol::ManifestSkipCell> SkipCell(const CellId& c) {
  const auto attribute = protocol::Parse<protocol::MemoryAttribute>(c.attribute);
  if (!attribute) return std::nullopt;
  protocol::ManifestSkipCell cell;
  cell.region = c.region;
  cell.attribute = *attribute;
  cell.probe = c.probe;
  if (!c.kernel.empty()) cell.kernel = c.kernel, cell.threads = c.threads;
  return cell;
}

std::optional<protocol::ManifestHostOutcome> HostOutcome(const HostObservedOutcome& o) {
  const auto attribute = protocol::Parse<protocol::MemoryAttribute>(o.cell.attribute);
  if (!attribute) return std::nullopt;
  return protocol::ManifestHostOutcome{.region = o.cell.region,
                                       .attribute = *attribute,
                                       .probe = o.cell.probe,
                                       .outcome = o.outcome,
                                       .description = o.description,
                                       .evidence = o.evidence};
}

template <typename Out, typename In, typename Convert>
std::vector<Out> Converted(const std::vector<In>& in, Convert convert) {
  std::vector<Out> out;
  for (const In& item : in)
    if (std::optional<Out> converted = convert(item)) out.push_back(std::move(*converted));
  return out;
}

}  // namespace

protocol::Manifest PlanManifest(const Scenario& scenario, const GuestLayout& layout,
                                const ManifestFacts& facts) {
  protocol::Manifest m;
  m.present = true;
  m.labels = scenario.labels;
  m.labels["scenario"] = scenario.name;
  if (!scenario.host_kernel_label.empty()) m.labels["host_kernel"] = scenario.host_kernel_label;
  m.host = {.kernel = facts.host_kernel,
            .accel = facts.accel,
            .cacheable_pfnmap_cap = facts.cacheable_pfnmap_cap,
            .fwb = std::nullopt};
  m.virtio_port = kEventsPortName;
  for (const RegionPlacement& p : layout.regions) {
    m.regions.push_back(RegionEntry(p));
    if (p.config->guest_vfio) m.regions.push_back(GuestVfioEntry(p));
  }
  for (const std::string& a : scenario.attributes)  // checked names (scenario_parser)
    if (auto attribute = protocol::Parse<protocol::MemoryAttribute>(a))
      m.attributes.push_back(*attribute);
  m.kernels = scenario.kernels;
  m.probes = scenario.probes;
  m.threads = scenario.threads;
  if (scenario.working_set_bytes > 0) m.working_set_bytes = scenario.working_set_bytes;
  if (scenario.chase_stride_bytes > 0) m.chase_stride_bytes = scenario.chase_stride_bytes;
  m.min_time_seconds = scenario.min_time_seconds;
  m.repetitions = scenario.repetitions;
  m.time_budget_seconds = scenario.time_budget_seconds;
  m.skip_cells = Converted<protocol::ManifestSkipCell>(facts.skip_cells, SkipCell);
  m.host_outcomes = Converted<protocol::ManifestHostOutcome>(facts.host_outcomes, HostOutcome);
  m.earlier_evidence = facts.earlier_evidence;
  return m;
}

nlohmann::json BuildManifest(const Scenario& scenario, const GuestLayout& layout,
                             const ManifestFacts& facts) {
  return protocol::ToJson(PlanManifest(scenario, layout, facts));
}

Status WriteManifest(const nlohmann::json& manifest, const std::filesystem::path& path) {
  return WriteFileAtomically(path, manifest.dump(2) + "\n");
}

}  // namespace memattr::host
