#include <cstdio>

#include "memattr/protocol/manifest.h"
#include "memattr/protocol/schema_ids.h"

namespace memattr::protocol {
namespace {

using json = nlohmann::json;

void PutIfSet(json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

template <typename T>
void PutIfSet(json& out, const char* key, const std::optional<T>& value) {
  if (value) out[key] = *value;
}

json ToJson(const std::string& text) { return text; }
json ToJson(MemoryAttribute attribute) { return std::string(ToString(attribute)); }

std::string PciId(std::uint16_t id) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%04x", id);
  return text;
}

// Unknown host facts are null; a known flag is 0 or 1, as memattr-host has always written it.
json Flag(const std::optional<bool>& flag) { return flag ? json(*flag ? 1 : 0) : json(); }
json TextOrNull(const std::string& text) { return text.empty() ? json() : json(text); }

json ToJson(const PciSelector& pci) {
  json out = json::object();
  if (pci.vendor) out["vendor"] = PciId(*pci.vendor);
  if (pci.device) out["device"] = PciId(*pci.device);
  PutIfSet(out, "bdf", pci.bdf);
  return out;
}

json ToJson(const ManifestRegion& r) {
  json out{{"name", r.name}, {"kind", std::string(ToString(r.kind))}};
  PutIfSet(out, "dax_device", r.dax_device);
  if (r.make_devdax) out["make_devdax"] = true;
  PutIfSet(out, "numa_node", r.numa_node);
  if (r.kind == ManifestRegionKind::kBar || r.kind == ManifestRegionKind::kVfio)
    out["pci"] = ToJson(r.pci);
  PutIfSet(out, "bar", r.bar);
  PutIfSet(out, "size_bytes", r.size_bytes);
  PutIfSet(out, "path", r.path.string());
  if (r.overwrite) out["overwrite"] = true;
  PutIfSet(out, "backing", r.backing);
  return out;
}

json ToJson(const ManifestSkipCell& c) {
  json out{{"region", c.region}, {"attribute", ToJson(c.attribute)}};
  if (!c.kernel.empty()) out["kernel"] = c.kernel, out["threads"] = c.threads;
  PutIfSet(out, "probe", c.probe);
  return out;
}

json ToJson(const ManifestHostOutcome& o) {
  json out{{"region", o.region},
           {"attribute", ToJson(o.attribute)},
           {"probe", o.probe},
           {"outcome", std::string(ToString(o.outcome))},
           {"evidence", o.evidence}};
  PutIfSet(out, "description", o.description);
  return out;
}

json ToJson(const ManifestEarlierEvidence& e) {
  json out{{"region", e.region}, {"attribute", ToJson(e.attribute)}};
  if (!e.probe.empty()) {
    out["probe"] = e.probe;
    out["outcome"] = protocol::ToJson(e.outcome);
    return out;
  }
  out["kernel"] = e.kernel;
  out["threads"] = e.threads;
  out["ns_per_iteration"] = e.ns_per_iteration;
  return out;
}

// Lists are written only when they hold something (the reader treats absent as "all").
template <typename T>
void PutIfAny(json& out, const char* key, const std::vector<T>& values) {
  if (values.empty()) return;
  out[key] = json::array();
  for (const T& value : values) out[key].push_back(ToJson(value));
}

}  // namespace

json ToJson(const Manifest& m) {
  json out{{"schema", kManifestSchema},
           {"labels", m.labels},
           {"host",
            {{"kernel", TextOrNull(m.host.kernel)},
             {"accel", TextOrNull(m.host.accel)},
             {"cacheable_pfnmap_cap", Flag(m.host.cacheable_pfnmap_cap)},
             {"fwb", Flag(m.host.fwb)}}},
           {"regions", json::array()},
           {"threads", m.threads},
           {"min_time_seconds", m.min_time_seconds},
           {"repetitions", m.repetitions}};
  if (m.virtio_port) out["output"] = {{"virtio_port", *m.virtio_port}};
  for (const ManifestRegion& r : m.regions) out["regions"].push_back(ToJson(r));
  PutIfAny(out, "attributes", m.attributes);
  PutIfAny(out, "kernels", m.kernels);
  PutIfAny(out, "probes", m.probes);
  PutIfSet(out, "working_set_bytes", m.working_set_bytes);
  if (m.chase_stride_bytes != kDefaultChaseStrideBytes)
    out["chase_stride_bytes"] = m.chase_stride_bytes;
  PutIfSet(out, "time_budget_seconds", m.time_budget_seconds);
  PutIfAny(out, "skip_cells", m.skip_cells);
  PutIfAny(out, "host_outcomes", m.host_outcomes);
  PutIfAny(out, "earlier_evidence", m.earlier_evidence);
  return out;
}

}  // namespace memattr::protocol
