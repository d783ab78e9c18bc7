#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "memattr/bounded_json.h"
#include "memattr/protocol/attribute_spelling.h"
#include "memattr/protocol/manifest.h"
#include "memattr/protocol/schema_ids.h"

namespace memattr::protocol {
namespace {

using nlohmann::json;

// A parse failure; caught once in ParseManifest and turned into an Error naming the source.
struct FieldError {
  std::string message;
};

[[noreturn]] void Fail(const std::string& path, const std::string& what) {
  throw FieldError{path + ": " + what};
}

std::string Join(const std::set<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

void RejectUnknownKeys(const json& object, const std::string& path,
                       const std::set<std::string>& known) {
  for (const auto& [key, value] : object.items()) {
    if (known.count(key) == 0)
      Fail(path.empty() ? key : path + "." + key,
           "unknown key '" + key + "' (known: " + Join(known) + ")");
  }
}

const json& RequireObject(const json& value, const std::string& path) {
  if (!value.is_object()) Fail(path, "must be an object, got " + std::string(value.type_name()));
  return value;
}

std::string GetString(const json& value, const std::string& path) {
  if (!value.is_string()) Fail(path, "must be a string, got " + BriefJson(value));
  return value.get<std::string>();
}

bool GetBool(const json& value, const std::string& path) {
  if (!value.is_boolean()) Fail(path, "must be true or false, got " + BriefJson(value));
  return value.get<bool>();
}

std::int64_t GetInteger(const json& value, const std::string& path, std::int64_t min,
                        std::int64_t max) {
  if (!value.is_number_integer()) Fail(path, "must be an integer, got " + BriefJson(value));
  const std::int64_t v = value.get<std::int64_t>();
  if (v < min || v > max)
    Fail(path, "must be " + std::to_string(min) + ".." + std::to_string(max) + ", got " +
                   std::to_string(v));
  return v;
}

double GetPositiveNumber(const json& value, const std::string& path) {
  if (!value.is_number()) Fail(path, "must be a number, got " + BriefJson(value));
  const double v = value.get<double>();
  if (!(v > 0)) Fail(path, "must be > 0, got " + BriefJson(value));
  return v;
}

const json& RequireArray(const json& value, const std::string& path) {
  if (!value.is_array()) Fail(path, "must be an array, got " + BriefJson(value));
  return value;
}

std::vector<std::string> GetStringList(const json& value, const std::string& path) {
  std::vector<std::string> out;
  const json& array = RequireArray(value, path);
  for (std::size_t i = 0; i < array.size(); ++i)
    out.push_back(GetString(array[i], path + "[" + std::to_string(i) + "]"));
  return out;
}

// "0x1af4" or 6900: PCI ids as JSON writes them either way.
std::uint16_t GetPciId(const json& value, const std::string& path) {
  if (value.is_number_integer())
    return static_cast<std::uint16_t>(GetInteger(value, path, 0, 0xffff));
  const std::string text = GetString(value, path);
  std::size_t used = 0;
  unsigned long id = 0;
  try {
    id = std::stoul(text, &used, 16);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || id > 0xffff)
    Fail(path, "must be a 16-bit hex id like \"0x1af4\", got \"" + text + "\"");
  return static_cast<std::uint16_t>(id);
}

std::optional<bool> GetOptionalFlag(const json& value, const std::string& path) {
  if (value.is_null()) return std::nullopt;
  if (value.is_number_integer()) return GetInteger(value, path, 0, 1) == 1;
  return GetBool(value, path);
}

std::string ValidBdf(const std::string& bdf, const std::string& path) {
  // dddd:bb:dd.f, lower-case hex as sysfs names devices.
  static constexpr char kShape[] = "hhhh:hh:hh.h";
  bool ok = bdf.size() == sizeof(kShape) - 1;
  for (std::size_t i = 0; ok && i < bdf.size(); ++i)
    ok = kShape[i] == 'h' ? std::isxdigit(static_cast<unsigned char>(bdf[i])) != 0
                          : bdf[i] == kShape[i];
  if (!ok) Fail(path, "must be a PCI address like \"0000:00:03.0\", got \"" + bdf + "\"");
  std::string lower = bdf;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return lower;
}

PciSelector ParsePci(const json& value, const std::string& path) {
  RejectUnknownKeys(RequireObject(value, path), path, {"vendor", "device", "bdf"});
  PciSelector pci;
  if (value.contains("vendor")) pci.vendor = GetPciId(value["vendor"], path + ".vendor");
  if (value.contains("device")) pci.device = GetPciId(value["device"], path + ".device");
  if (value.contains("bdf"))
    pci.bdf = ValidBdf(GetString(value["bdf"], path + ".bdf"), path + ".bdf");
  if (pci.vendor.has_value() != pci.device.has_value())
    Fail(path, "give both vendor and device, or bdf");
  if (!pci.vendor && pci.bdf.empty()) Fail(path, "needs vendor and device, or bdf");
  return pci;
}

ManifestRegionKind ParseKind(const json& value, const std::string& path) {
  const std::string text = GetString(value, path);
  if (auto kind = Parse<ManifestRegionKind>(text)) return *kind;
  Fail(path,
       "unknown region kind '" + text + "' (known: " + KnownWords<ManifestRegionKind>() + ")");
}

// Which keys each kind needs, beyond name/kind/size_bytes/backing.
void CheckKindFields(const ManifestRegion& r, const json& value, const std::string& path) {
  const auto require = [&](const char* key) {
    if (!value.contains(key))
      Fail(path + "." + key,
           std::string("required for kind '") + std::string(ToString(r.kind)) + "'");
  };
  const auto forbid = [&](std::initializer_list<const char*> keys) {
    for (const char* key : keys)
      if (value.contains(key))
        Fail(path + "." + key, "not meaningful for kind '" + std::string(ToString(r.kind)) + "'");
  };
  switch (r.kind) {
    case ManifestRegionKind::kRam:
      forbid({"dax_device", "make_devdax", "numa_node", "pci", "bar", "path", "overwrite"});
      break;
    case ManifestRegionKind::kFile:
      require("path");
      require("size_bytes");
      forbid({"dax_device", "make_devdax", "numa_node", "pci", "bar"});
      break;
    case ManifestRegionKind::kDax:
      require("dax_device");
      forbid({"numa_node", "pci", "bar", "path", "overwrite"});
      break;
    case ManifestRegionKind::kCxl:
      require("numa_node");
      forbid({"dax_device", "make_devdax", "pci", "bar", "path", "overwrite"});
      break;
    case ManifestRegionKind::kBar:
    case ManifestRegionKind::kVfio:
      require("pci");
      require("bar");
      forbid({"dax_device", "make_devdax", "numa_node", "path", "overwrite"});
      break;
  }
}

ManifestRegion ParseRegion(const json& value, const std::string& path) {
  RejectUnknownKeys(RequireObject(value, path), path,
                    {"name", "kind", "dax_device", "make_devdax", "numa_node", "pci", "bar",
                     "size_bytes", "path", "backing", "overwrite"});
  if (!value.contains("name")) Fail(path + ".name", "required");
  if (!value.contains("kind")) Fail(path + ".kind", "required");
  ManifestRegion r;
  r.name = GetString(value["name"], path + ".name");
  if (r.name.empty()) Fail(path + ".name", "must not be empty");
  r.kind = ParseKind(value["kind"], path + ".kind");
  CheckKindFields(r, value, path);
  if (value.contains("dax_device"))
    r.dax_device = GetString(value["dax_device"], path + ".dax_device");
  if (value.contains("make_devdax"))
    r.make_devdax = GetBool(value["make_devdax"], path + ".make_devdax");
  if (value.contains("numa_node"))
    r.numa_node = static_cast<int>(GetInteger(value["numa_node"], path + ".numa_node", 0, 4095));
  if (value.contains("pci")) r.pci = ParsePci(value["pci"], path + ".pci");
  if (value.contains("bar"))
    r.bar = static_cast<int>(GetInteger(value["bar"], path + ".bar", 0, 5));
  if (value.contains("size_bytes"))
    r.size_bytes = static_cast<std::uint64_t>(
        GetInteger(value["size_bytes"], path + ".size_bytes", 1, INT64_MAX));
  if (value.contains("path")) r.path = GetString(value["path"], path + ".path");
  if (value.contains("overwrite")) r.overwrite = GetBool(value["overwrite"], path + ".overwrite");
  if (value.contains("backing")) r.backing = GetString(value["backing"], path + ".backing");
  return r;
}

std::vector<ManifestRegion> ParseRegions(const json& value) {
  std::vector<ManifestRegion> regions;
  std::set<std::string> names;
  const json& array = RequireArray(value, "regions");
  if (array.empty()) Fail("regions", "must list at least one region");
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string path = "regions[" + std::to_string(i) + "]";
    regions.push_back(ParseRegion(array[i], path));
    if (!names.insert(regions.back().name).second)
      Fail(path + ".name", "duplicate region name '" + regions.back().name + "'");
  }
  return regions;
}

ManifestHostFacts ParseHost(const json& value) {
  RejectUnknownKeys(RequireObject(value, "host"), "host",
                    {"kernel", "accel", "cacheable_pfnmap_cap", "fwb"});
  ManifestHostFacts host;
  if (value.contains("kernel") && !value["kernel"].is_null())
    host.kernel = GetString(value["kernel"], "host.kernel");
  if (value.contains("accel") && !value["accel"].is_null()) {
    host.accel = GetString(value["accel"], "host.accel");
    if (host.accel != "tcg" && host.accel != "kvm" && host.accel != "hvf" && host.accel != "none")
      Fail("host.accel", "must be tcg, kvm, hvf or none, got \"" + host.accel + "\"");
  }
  if (value.contains("cacheable_pfnmap_cap"))
    host.cacheable_pfnmap_cap =
        GetOptionalFlag(value["cacheable_pfnmap_cap"], "host.cacheable_pfnmap_cap");
  if (value.contains("fwb")) host.fwb = GetOptionalFlag(value["fwb"], "host.fwb");
  return host;
}

std::map<std::string, std::string> ParseLabels(const json& value) {
  std::map<std::string, std::string> labels;
  for (const auto& [key, v] : RequireObject(value, "labels").items())
    labels[key] = GetString(v, "labels." + key);
  return labels;
}

std::vector<MemoryAttribute> ParseAttributes(const json& value) {
  std::vector<MemoryAttribute> out;
  const std::vector<std::string> names = GetStringList(value, "attributes");
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto a = ParseAttributeSpelling(names[i]);
    if (!a)
      Fail("attributes[" + std::to_string(i) + "]",
           "unknown attribute '" + names[i] +
               "' (known: normal-wb, normal-nc, device-ngnre, device-ngnrne)");
    out.push_back(*a);
  }
  return out;
}

std::vector<int> ParseThreads(const json& value) {
  std::vector<int> out;
  const json& array = RequireArray(value, "threads");
  if (array.empty()) Fail("threads", "must list at least one thread count");
  for (std::size_t i = 0; i < array.size(); ++i)
    out.push_back(
        static_cast<int>(GetInteger(array[i], "threads[" + std::to_string(i) + "]", 1, 1024)));
  return out;
}

void RequireKeys(const json& value, const std::string& path,
                 std::initializer_list<const char*> keys) {
  for (const char* key : keys)
    if (!value.contains(key)) Fail(path + "." + key, "required");
}

MemoryAttribute GetAttribute(const json& value, const std::string& path) {
  const std::string attribute = GetString(value, path);
  auto parsed = ParseAttributeSpelling(attribute);
  if (!parsed) Fail(path, "unknown attribute '" + attribute + "'");
  return *parsed;
}

ManifestSkipCell ParseSkipCell(const json& value, const std::string& path) {
  RejectUnknownKeys(RequireObject(value, path), path,
                    {"region", "attribute", "kernel", "threads", "probe"});
  RequireKeys(value, path, {"region", "attribute"});
  ManifestSkipCell cell;
  cell.region = GetString(value["region"], path + ".region");
  cell.attribute = GetAttribute(value["attribute"], path + ".attribute");
  if (value.contains("kernel")) cell.kernel = GetString(value["kernel"], path + ".kernel");
  if (value.contains("threads"))
    cell.threads = static_cast<int>(GetInteger(value["threads"], path + ".threads", 0, 1024));
  if (value.contains("probe")) cell.probe = GetString(value["probe"], path + ".probe");
  if (!cell.kernel.empty() && !cell.probe.empty()) Fail(path, "give kernel or probe, not both");
  return cell;
}

std::vector<ManifestSkipCell> ParseSkipCells(const json& value) {
  std::vector<ManifestSkipCell> out;
  const json& array = RequireArray(value, "skip_cells");
  for (std::size_t i = 0; i < array.size(); ++i)
    out.push_back(ParseSkipCell(array[i], "skip_cells[" + std::to_string(i) + "]"));
  return out;
}

HostOutcomeKind GetHostOutcomeKind(const json& value, const std::string& path) {
  const std::string text = GetString(value, path);
  if (auto kind = Parse<HostOutcomeKind>(text)) return *kind;
  Fail(path, "unknown outcome '" + text + "' (known: " + KnownWords<HostOutcomeKind>() + ")");
}

std::string GetNonEmptyString(const json& value, const std::string& path) {
  std::string text = GetString(value, path);
  if (text.empty()) Fail(path, "must not be empty");
  return text;
}

ManifestHostOutcome ParseHostOutcome(const json& value, const std::string& path,
                                     const std::set<std::string>& regions) {
  RejectUnknownKeys(RequireObject(value, path), path,
                    {"region", "attribute", "probe", "outcome", "description", "evidence"});
  RequireKeys(value, path, {"region", "attribute", "probe", "outcome"});
  ManifestHostOutcome o;
  o.region = GetString(value["region"], path + ".region");
  if (regions.count(o.region) == 0)
    Fail(path + ".region", "'" + o.region + "' is not in regions[] (known: " + Join(regions) + ")");
  o.attribute = GetAttribute(value["attribute"], path + ".attribute");
  o.probe = GetNonEmptyString(value["probe"], path + ".probe");
  o.outcome = GetHostOutcomeKind(value["outcome"], path + ".outcome");
  if (value.contains("description"))
    o.description = GetString(value["description"], path + ".description");
  if (value.contains("evidence")) o.evidence = GetStringList(value["evidence"], path + ".evidence");
  return o;
}

// One outcome per (region, attribute, probe): two would contradict or repeat each other.
std::vector<ManifestHostOutcome> ParseHostOutcomes(const json& value,
                                                   const std::vector<ManifestRegion>& regions) {
  std::set<std::string> names;
  for (const ManifestRegion& r : regions) names.insert(r.name);
  std::vector<ManifestHostOutcome> out;
  std::map<std::string, std::size_t> seen;
  const json& array = RequireArray(value, "host_outcomes");
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string path = "host_outcomes[" + std::to_string(i) + "]";
    out.push_back(ParseHostOutcome(array[i], path, names));
    const std::string cell = out.back().region + "/" + std::string(ToString(out.back().attribute)) +
                             " probe " + out.back().probe;
    if (auto [it, added] = seen.emplace(cell, i); !added)
      Fail(path, "duplicate of host_outcomes[" + std::to_string(it->second) + "] (" + cell + ")");
  }
  return out;
}

void ParseOutput(const json& value, Manifest& m) {
  RejectUnknownKeys(RequireObject(value, "output"), "output", {"virtio_port"});
  if (value.contains("virtio_port")) {
    m.virtio_port = GetString(value["virtio_port"], "output.virtio_port");
    if (m.virtio_port->empty()) Fail("output.virtio_port", "must not be empty");
  }
}

OutcomeKind GetOutcomeKind(const json& value, const std::string& path) {
  const std::string text = GetString(value, path);
  if (auto kind = Parse<OutcomeKind>(text)) return *kind;
  Fail(path, "unknown outcome kind '" + text + "' (known: " + KnownWords<OutcomeKind>() + ")");
}

std::uint64_t GetUnsigned(const json& value, const std::string& path) {
  if (!value.is_number_unsigned())
    Fail(path, "must be an unsigned integer, got " + BriefJson(value));
  return value.get<std::uint64_t>();
}

EventOutcome ParseOutcome(const json& value, const std::string& path) {
  RejectUnknownKeys(RequireObject(value, path), path,
                    {"kind", "reason", "signal", "si_code", "address", "expected", "got"});
  RequireKeys(value, path, {"kind"});
  EventOutcome o;
  o.kind = GetOutcomeKind(value["kind"], path + ".kind");
  if (value.contains("reason")) o.reason = GetString(value["reason"], path + ".reason");
  if (value.contains("signal"))
    o.signal = static_cast<int>(GetInteger(value["signal"], path + ".signal", 0, 128));
  if (value.contains("si_code"))
    o.si_code = static_cast<int>(GetInteger(value["si_code"], path + ".si_code", -128, 128));
  if (value.contains("address")) o.address = GetUnsigned(value["address"], path + ".address");
  if (value.contains("expected")) o.expected = GetUnsigned(value["expected"], path + ".expected");
  if (value.contains("got")) o.got = GetUnsigned(value["got"], path + ".got");
  return o;
}

ManifestEarlierEvidence ParseEarlierOne(const json& value, const std::string& path,
                                        const std::set<std::string>& regions) {
  RejectUnknownKeys(
      RequireObject(value, path), path,
      {"region", "attribute", "probe", "outcome", "kernel", "threads", "ns_per_iteration"});
  RequireKeys(value, path, {"region", "attribute"});
  ManifestEarlierEvidence e;
  e.region = GetString(value["region"], path + ".region");
  if (regions.count(e.region) == 0)
    Fail(path + ".region", "'" + e.region + "' is not in regions[] (known: " + Join(regions) + ")");
  e.attribute = GetAttribute(value["attribute"], path + ".attribute");
  if (value.contains("probe") == value.contains("kernel"))
    Fail(path, "give probe (with outcome) or kernel (with threads, ns_per_iteration)");
  if (value.contains("probe")) {
    RequireKeys(value, path, {"outcome"});
    e.probe = GetNonEmptyString(value["probe"], path + ".probe");
    e.outcome = ParseOutcome(value["outcome"], path + ".outcome");
    return e;
  }
  RequireKeys(value, path, {"threads", "ns_per_iteration"});
  e.kernel = GetNonEmptyString(value["kernel"], path + ".kernel");
  e.threads = static_cast<int>(GetInteger(value["threads"], path + ".threads", 1, 1024));
  e.ns_per_iteration = GetPositiveNumber(value["ns_per_iteration"], path + ".ns_per_iteration");
  return e;
}

std::vector<ManifestEarlierEvidence> ParseEarlierEvidence(
    const json& value, const std::vector<ManifestRegion>& regions) {
  std::set<std::string> names;
  for (const ManifestRegion& r : regions) names.insert(r.name);
  std::vector<ManifestEarlierEvidence> out;
  const json& array = RequireArray(value, "earlier_evidence");
  for (std::size_t i = 0; i < array.size(); ++i)
    out.push_back(ParseEarlierOne(array[i], "earlier_evidence[" + std::to_string(i) + "]", names));
  return out;
}

Manifest ParseDocument(const json& doc) {
  RequireObject(doc, "(top level)");
  RejectUnknownKeys(
      doc, "",
      {"schema", "labels", "host", "output", "regions", "attributes", "kernels", "probes",
       "threads", "working_set_bytes", "chase_stride_bytes", "min_time_seconds", "repetitions",
       "time_budget_seconds", "skip_cells", "host_outcomes", "earlier_evidence"});
  if (!doc.contains("schema"))
    Fail("schema", std::string("required (\"") + kManifestSchema + "\")");
  const std::string schema = GetString(doc["schema"], "schema");
  if (schema != kManifestSchema)
    Fail("schema",
         "unsupported version \"" + schema + "\" (this agent reads " + kManifestSchema + ")");
  if (!doc.contains("regions")) Fail("regions", "required");
  Manifest m;
  m.present = true;
  m.regions = ParseRegions(doc["regions"]);
  if (doc.contains("labels")) m.labels = ParseLabels(doc["labels"]);
  if (doc.contains("host")) m.host = ParseHost(doc["host"]);
  if (doc.contains("output")) ParseOutput(doc["output"], m);
  if (doc.contains("attributes")) m.attributes = ParseAttributes(doc["attributes"]);
  if (doc.contains("kernels")) m.kernels = GetStringList(doc["kernels"], "kernels");
  if (doc.contains("probes")) m.probes = GetStringList(doc["probes"], "probes");
  if (doc.contains("threads")) m.threads = ParseThreads(doc["threads"]);
  if (doc.contains("working_set_bytes"))
    m.working_set_bytes = static_cast<std::uint64_t>(
        GetInteger(doc["working_set_bytes"], "working_set_bytes", 4096, INT64_MAX));
  if (doc.contains("chase_stride_bytes")) {
    m.chase_stride_bytes = static_cast<std::uint64_t>(
        GetInteger(doc["chase_stride_bytes"], "chase_stride_bytes", 8, 1 << 20));
    if (m.chase_stride_bytes % 8 != 0)
      Fail("chase_stride_bytes", std::to_string(m.chase_stride_bytes) + " is not a multiple of 8");
  }
  if (doc.contains("min_time_seconds"))
    m.min_time_seconds = GetPositiveNumber(doc["min_time_seconds"], "min_time_seconds");
  if (doc.contains("repetitions"))
    m.repetitions = static_cast<int>(GetInteger(doc["repetitions"], "repetitions", 1, 1000));
  if (doc.contains("time_budget_seconds"))
    m.time_budget_seconds = GetPositiveNumber(doc["time_budget_seconds"], "time_budget_seconds");
  if (doc.contains("skip_cells")) m.skip_cells = ParseSkipCells(doc["skip_cells"]);
  if (doc.contains("earlier_evidence"))
    m.earlier_evidence = ParseEarlierEvidence(doc["earlier_evidence"], m.regions);
  if (doc.contains("host_outcomes"))
    m.host_outcomes = ParseHostOutcomes(doc["host_outcomes"], m.regions);
  return m;
}

}  // namespace

Result<Manifest> ParseManifest(std::string_view text, const std::string& source) {
  Result<json> doc = ParseBoundedJson(text, source);
  if (!doc) return doc.error();
  try {
    Manifest m = ParseDocument(*doc);
    m.source = source;
    return m;
  } catch (const FieldError& e) {
    return Error{source + ": " + e.message};
  }
}

}  // namespace memattr::protocol
