#include "scenario/manifest_writer.h"

#include <fstream>

#include "results/atomic_file.h"

namespace memattr::host {
namespace {

nlohmann::json RegionEntry(const RegionPlacement& p) {
  const RegionConfig& r = *p.config;
  nlohmann::json e{{"name", r.name}};
  switch (r.kind) {
    case BackingKind::kRam:
      e["kind"] = protocol::ToString(protocol::ManifestRegionKind::kRam);
      break;
    case BackingKind::kDax:
      e["kind"] = protocol::ToString(protocol::ManifestRegionKind::kDax);
      e["dax_device"] = p.guest_dax_device;
      e["make_devdax"] = true;
      e["backing"] = p.backing_is_host_device ? HostDeviceBacking(r.path) : "file";
      break;
    case BackingKind::kCxl:
      e["kind"] = protocol::ToString(protocol::ManifestRegionKind::kCxl);
      e["numa_node"] = p.guest_numa_node;
      e["backing"] = r.host_node >= 0
                         ? "host-node"
                         : (p.backing_is_host_device ? HostDeviceBacking(r.path) : "file");
      break;
    case BackingKind::kEmulatedBar:
      e["kind"] = protocol::ToString(protocol::ManifestRegionKind::kBar);
      e["pci"] = {{"bdf", p.guest_bdf}};
      e["bar"] = r.bar;
      e["backing"] = p.backing_is_host_device ? HostDeviceBacking(r.path) : "ivshmem";
      break;
    case BackingKind::kVfio:  // to the guest an ordinary PCI device (no vIOMMU: guest_layout.cc)
      e["kind"] = protocol::ToString(protocol::ManifestRegionKind::kBar);
      e["pci"] = {{"bdf", p.guest_bdf}};
      e["bar"] = r.bar;
      e["backing"] = "host-vfio";
      break;
  }
  return e;
}

// guest_vfio: the same BAR once more, as the guest's own VFIO region (the init binds it).
nlohmann::json GuestVfioEntry(const RegionPlacement& p) {
  nlohmann::json e = RegionEntry(p);
  e["name"] = GuestVfioRegionName(*p.config);
  e["kind"] = "vfio";
  return e;
}

void PutOptional(nlohmann::json& m, const char* key, const std::vector<std::string>& v) {
  if (!v.empty()) m[key] = v;
}

}  // namespace

nlohmann::json ToJson(const CellId& cell) {
  nlohmann::json j{{"region", cell.region}, {"attribute", cell.attribute}};
  if (!cell.kernel.empty()) j["kernel"] = cell.kernel, j["threads"] = cell.threads;
  if (!cell.probe.empty()) j["probe"] = cell.probe;
  return j;
}

nlohmann::json ToJson(const HostObservedOutcome& o) {
  nlohmann::json j{{"region", o.cell.region},
                   {"attribute", o.cell.attribute},
                   {"probe", o.cell.probe},
                   {"outcome", protocol::ToString(o.outcome)},
                   {"evidence", o.evidence}};
  if (!o.description.empty()) j["description"] = o.description;
  return j;
}

nlohmann::json BuildManifest(const Scenario& scenario, const GuestLayout& layout,
                             const ManifestFacts& facts) {
  nlohmann::json labels = scenario.labels;
  labels["scenario"] = scenario.name;
  if (!scenario.host_kernel_label.empty()) labels["host_kernel"] = scenario.host_kernel_label;
  nlohmann::json m{{"schema", kManifestSchema},
                   {"labels", labels},
                   {"host",
                    {{"kernel", facts.host_kernel},
                     {"accel", facts.accel},
                     {"cacheable_pfnmap_cap", facts.cacheable_pfnmap_cap},
                     {"fwb", nullptr}}},
                   {"output", {{"virtio_port", kEventsPortName}}},
                   {"regions", nlohmann::json::array()},
                   {"threads", scenario.threads},
                   {"min_time_seconds", scenario.min_time_seconds},
                   {"repetitions", scenario.repetitions},
                   {"time_budget_seconds", scenario.time_budget_seconds}};
  for (const RegionPlacement& p : layout.regions) {
    m["regions"].push_back(RegionEntry(p));
    if (p.config->guest_vfio) m["regions"].push_back(GuestVfioEntry(p));
  }
  PutOptional(m, "attributes", scenario.attributes);
  PutOptional(m, "kernels", scenario.kernels);
  PutOptional(m, "probes", scenario.probes);
  if (scenario.working_set_bytes > 0) m["working_set_bytes"] = scenario.working_set_bytes;
  if (scenario.chase_stride_bytes > 0) m["chase_stride_bytes"] = scenario.chase_stride_bytes;
  if (!facts.skip_cells.empty()) {
    m["skip_cells"] = nlohmann::json::array();
    for (const CellId& c : facts.skip_cells) m["skip_cells"].push_back(ToJson(c));
  }
  if (!facts.earlier_evidence.empty()) m["earlier_evidence"] = facts.earlier_evidence;
  if (!facts.host_outcomes.empty()) {
    m["host_outcomes"] = nlohmann::json::array();
    for (const HostObservedOutcome& o : facts.host_outcomes)
      m["host_outcomes"].push_back(ToJson(o));
  }
  return m;
}

Status WriteManifest(const nlohmann::json& manifest, const std::filesystem::path& path) {
  return WriteFileAtomically(path, manifest.dump(2) + "\n");
}

}  // namespace memattr::host
