// The only scenario parser (yaml-cpp). Every error is "FILE:LINE: FIELD: PROBLEM".
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>
#include <span>

#include "memattr/catalog_names.h"
#include "memattr/protocol/metric_names.h"
#include "memattr/protocol/vocabulary.h"
#include "memattr/quantity.h"
#include "results/path_under.h"
#include "scenario/scenario.h"
#include "scenario/yaml_fields.h"

namespace memattr::host {
namespace {

constexpr std::uint64_t kMiB = 1ull << 20;
constexpr std::uint64_t kMaxSize = 1ull << 40;  // 1TiB: beyond any guest or backing here
// Below this the guest kernel and its initramfs do not boot; it also keeps "memory: 1KiB" from
// ever reaching QEMU (which reads a bare -m number as MiB).
constexpr std::uint64_t kMinGuestMemory = 128 * kMiB;
constexpr std::uint64_t kNvdimmGranule = 16 * kMiB;  // QEMU nvdimm + Linux devdax alignment

// The one place the host reaches the kernel and probe catalogues: their data-only name lists
// (memattr/catalog_names.h), so memattr-host never links the kernels themselves.
std::span<const std::string_view> KnownKernelNames() { return KernelNames(); }
std::span<const std::string_view> KnownProbeNames() { return ProbeNames(); }

std::span<const std::string_view> AttributeNames() {
  static constexpr auto kNames = protocol::AllWords<protocol::MemoryAttribute>();
  return kNames;
}

class Parser : public YamlFields {
 public:
  using YamlFields::YamlFields;

  // memattr::ParseSize (the one size parser), then this field's bounds: at least `min`, at most
  // kMaxSize, a multiple of `multiple`.
  std::uint64_t Size(const YAML::Node& node, const std::string& field, std::uint64_t min = 1,
                     std::uint64_t multiple = 1) const {
    const Result<std::uint64_t> value = ParseSize(String(node, field), kMaxSize);
    if (!value) Fail(node, field, value.error().message);
    if (*value < min) Fail(node, field, "must be at least " + FormatSize(min));
    if (*value % multiple != 0) Fail(node, field, "must be a multiple of " + FormatSize(multiple));
    return *value;
  }

  // latency_chase node distance: a size, a multiple of 8 bytes, at most 1 MiB.
  std::uint64_t ChaseStride(const YAML::Node& node, const std::string& field) const {
    const std::uint64_t value = Size(node, field);
    if (value % 8 != 0 || value > (1u << 20))
      Fail(node, field, std::to_string(value) + " bytes: must be a multiple of 8, at most 1MiB");
    return value;
  }

  // memattr::ParseDuration (the one duration parser): finite, > 0, at most a week.
  double Seconds(const YAML::Node& node, const std::string& field) const {
    const Result<double> value = ParseDuration(String(node, field));
    if (!value) Fail(node, field, value.error().message);
    return *value;
  }

  // A timeout or budget in whole seconds (rounded up: 0.5s must not become "no time").
  int WholeSeconds(const YAML::Node& node, const std::string& field) const {
    return static_cast<int>(std::ceil(Seconds(node, field)));
  }

  // Names checked against a catalogue (attributes, kernels, probes), each with its own line.
  std::vector<std::string> CatalogueList(const YAML::Node& node, const std::string& field,
                                         std::span<const std::string_view> known) const {
    std::vector<std::string> out = StringList(node, field);
    if (out.empty()) Fail(node, field, "must name at least one (leave it out for all)");
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (std::find(known.begin(), known.end(), out[i]) != known.end()) continue;
      std::string list;
      for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      Fail(node[i], field + "[" + std::to_string(i) + "]",
           "unknown name '" + out[i] + "' (known: " + list + ")");
    }
    return out;
  }

  BackingKind Kind(const YAML::Node& node, const std::string& field) const {
    static const std::map<std::string, BackingKind> kKinds{
        {"ram", BackingKind::kRam},
        {"dax", BackingKind::kDax},
        {"cxl", BackingKind::kCxl},
        {"emulated-bar", BackingKind::kEmulatedBar},
        {"vfio", BackingKind::kVfio}};
    const std::string text = String(node, field);
    const auto it = kKinds.find(text);
    if (it == kKinds.end())
      Fail(node, field, "unknown kind '" + text + "' (known: ram, dax, cxl, emulated-bar, vfio)");
    return it->second;
  }

  bool Bool(const YAML::Node& node, const std::string& field) const {
    const std::string text = String(node, field);
    if (text != "true" && text != "false") Fail(node, field, "'" + text + "' is not true or false");
    return text == "true";
  }

  // DDDD:BB:DD.F in hex: it goes to QEMU's host= and to sysfs paths.
  std::string Bdf(const YAML::Node& node, const std::string& field) const {
    const std::string bdf = String(node, field);
    static constexpr std::string_view kShape = "hhhh:hh:hh.h";
    bool ok = bdf.size() == kShape.size();
    for (std::size_t i = 0; ok && i < bdf.size(); ++i)
      ok = kShape[i] == 'h' ? std::isxdigit(static_cast<unsigned char>(bdf[i])) != 0
                            : bdf[i] == kShape[i];
    if (!ok) Fail(node, field, "'" + bdf + "' is not a PCI address like \"0000:01:00.0\"");
    return bdf;
  }

  // Sizes QEMU takes exactly for this kind of backing.
  std::uint64_t RegionSize(const YAML::Node& node, const std::string& field,
                           BackingKind kind) const {
    switch (kind) {
      case BackingKind::kDax:
        return Size(node, field, kNvdimmGranule, kNvdimmGranule);
      case BackingKind::kCxl:  // a NUMA node's memory adds to -m, which is whole MiB
        return Size(node, field, kMiB, kMiB);
      case BackingKind::kEmulatedBar: {
        const std::uint64_t bytes = Size(node, field, 4096);
        if ((bytes & (bytes - 1)) != 0)
          Fail(node, field, "must be a power of two for an ivshmem BAR");
        return bytes;
      }
      case BackingKind::kRam:
      case BackingKind::kVfio:
        break;
    }
    Fail(node, field, "only for kinds dax, cxl and emulated-bar");
  }

  RegionConfig Region(const YAML::Node& node, const std::string& where) const;
  void RegionRequirements(const YAML::Node& node, const std::string& where,
                          const RegionConfig& r) const;
  NestedHostConfig Nested(const YAML::Node& node) const;
  Scenario Document(const YAML::Node& root) const;
  void Top(const std::string& key, const YAML::Node& value, Scenario& s) const;
};

RegionConfig Parser::Region(const YAML::Node& node, const std::string& where) const {
  if (!node.IsMap()) Fail(node, where, "must be a mapping with at least 'kind'");
  RejectUnknownKeys(node, where,
                    {"name", "kind", "size", "path", "host_node", "bdf", "bar", "device_model",
                     "guest_vfio", "overwrite"});
  if (!node["kind"]) Fail(node, where + ".kind", "missing (ram, dax, cxl, emulated-bar, vfio)");
  RegionConfig r;
  r.line = node.Mark().line + 1;
  r.kind = Kind(node["kind"], where + ".kind");
  if (node["name"]) r.name = Name(node["name"], where + ".name");
  if (node["size"]) r.size_bytes = RegionSize(node["size"], where + ".size", r.kind);
  if (node["path"]) r.path = Path(node["path"], where + ".path");
  if (node["host_node"]) r.host_node = Integer(node["host_node"], where + ".host_node", 0, 1023);
  if (node["bdf"]) r.host_bdf = Bdf(node["bdf"], where + ".bdf");
  if (node["overwrite"]) r.overwrite = Bool(node["overwrite"], where + ".overwrite");
  if (node["bar"]) r.bar = Integer(node["bar"], where + ".bar", 0, 5);
  if (node["device_model"]) {
    const std::string model = String(node["device_model"], where + ".device_model");
    if (model != "cxl-type3" && model != "numa")
      Fail(node["device_model"], where + ".device_model",
           "'" + model + "' is not cxl-type3 or numa");
    r.cxl_device_model = model == "cxl-type3";
  }
  if (node["guest_vfio"]) r.guest_vfio = Bool(node["guest_vfio"], where + ".guest_vfio");
  RegionRequirements(node, where, r);
  return r;
}

void Parser::RegionRequirements(const YAML::Node& node, const std::string& where,
                                const RegionConfig& r) const {
  const bool sized = r.kind == BackingKind::kDax || r.kind == BackingKind::kCxl ||
                     r.kind == BackingKind::kEmulatedBar;
  if (sized && r.size_bytes == 0) Fail(node, where + ".size", "missing (required for this kind)");
  if (r.kind == BackingKind::kVfio && r.host_bdf.empty())
    Fail(node, where + ".bdf", "missing (host PCI address, e.g. 0000:01:00.0)");
  if (r.kind == BackingKind::kCxl && r.host_node >= 0 && !r.path.empty())
    Fail(node["host_node"], where + ".host_node", "give host_node or path, not both");
  if (r.kind != BackingKind::kCxl && r.host_node >= 0)
    Fail(node["host_node"], where + ".host_node", "only for kind cxl");
  if (r.kind != BackingKind::kVfio && !r.host_bdf.empty())
    Fail(node["bdf"], where + ".bdf", "only for kind vfio");
  if (r.guest_vfio && r.kind != BackingKind::kEmulatedBar && r.kind != BackingKind::kVfio)
    Fail(node["guest_vfio"], where + ".guest_vfio", "only for kinds emulated-bar and vfio");
  if ((r.kind == BackingKind::kRam || r.kind == BackingKind::kVfio) && !r.path.empty())
    Fail(node["path"], where + ".path", "only for kinds dax, cxl and emulated-bar");
  if (r.overwrite && r.path.empty())
    Fail(node["overwrite"], where + ".overwrite",
         "only with a `path` (memattr's own files need none)");
}

NestedHostConfig Parser::Nested(const YAML::Node& node) const {
  if (!node.IsMap()) Fail(node, "nested", "must be a mapping with at least 'host_kernels'");
  RejectUnknownKeys(node, "nested",
                    {"host_kernels", "host_images", "cpu", "smp", "memory", "dax", "pfnmap",
                     "vfio_bar", "boot_timeout"});
  NestedHostConfig n;
  n.line = node.Mark().line + 1;
  if (!node["host_kernels"]) Fail(node, "nested.host_kernels", "missing (e.g. [\"6.12\", \"7\"])");
  n.host_kernels = StringList(node["host_kernels"], "nested.host_kernels");
  if (n.host_kernels.empty())
    Fail(node["host_kernels"], "nested.host_kernels", "must name at least one kernel series");
  for (std::size_t i = 0; i < n.host_kernels.size(); ++i)  // names host-SERIES/ directories
    if (!IsSafeName("host-" + n.host_kernels[i]))
      Fail(node["host_kernels"][i], "nested.host_kernels[" + std::to_string(i) + "]",
           "'" + n.host_kernels[i] + "' is not a kernel series (letters, digits, '.', '_', '-')");
  if (node["host_images"]) n.host_images = Path(node["host_images"], "nested.host_images");
  if (node["cpu"]) {  // a QEMU CPU model name: no ',' options smuggled into -cpu
    n.cpu = String(node["cpu"], "nested.cpu");
    if (!IsSafeName(n.cpu))
      Fail(node["cpu"], "nested.cpu", "'" + n.cpu + "' is not a QEMU CPU model name");
  }
  if (node["smp"]) n.smp = Integer(node["smp"], "nested.smp", 1, 8);
  if (node["memory"]) n.memory_bytes = Size(node["memory"], "nested.memory", kMinGuestMemory, kMiB);
  if (node["dax"]) n.dax_bytes = Size(node["dax"], "nested.dax", kNvdimmGranule, kNvdimmGranule);
  for (auto [key, bytes] :
       {std::pair{"pfnmap", &n.pfnmap_bytes}, std::pair{"vfio_bar", &n.vfio_bar_bytes}}) {
    if (!node[key]) continue;
    const std::string field = std::string("nested.") + key;
    *bytes = Size(node[key], field, 2 * kMiB);
    if ((*bytes & (*bytes - 1)) != 0)
      Fail(node[key], field, "must be a power of two of at least 2MiB for an ivshmem BAR");
  }
  if (node["boot_timeout"])
    n.boot_timeout_seconds = WholeSeconds(node["boot_timeout"], "nested.boot_timeout");
  return n;
}

void Parser::Top(const std::string& key, const YAML::Node& v, Scenario& s) const {
  if (key == "name")
    s.name = Name(v, key);
  else if (key == "description")
    s.description = String(v, key);
  else if (key == "image")
    s.image = Path(v, key);
  else if (key == "accel") {
    const std::string a = String(v, key);
    if (a == "auto")
      s.accel = AccelChoice::kAuto;
    else if (a == "kvm")
      s.accel = AccelChoice::kKvm;
    else if (a == "tcg")
      s.accel = AccelChoice::kTcg;
    else
      Fail(v, key, "'" + a + "' is not auto, kvm or tcg");
  } else if (key == "smp")
    s.smp = Integer(v, key, 1, 64);
  else if (key == "memory")  // QEMU's -m in whole MiB, and enough for the guest to boot
    s.memory_bytes = Size(v, key, kMinGuestMemory, kMiB);
  else if (key == "host_kernel")
    s.host_kernel_label = LabelText(v, key);
  else if (key == "attributes")
    s.attributes = CatalogueList(v, key, AttributeNames());
  else if (key == "kernels")
    s.kernels = CatalogueList(v, key, KnownKernelNames());
  else if (key == "probes")
    s.probes = CatalogueList(v, key, KnownProbeNames());
  else if (key == "working_set")  // the agent maps at least a page
    s.working_set_bytes = Size(v, key, 4096);
  else if (key == "chase_stride")
    s.chase_stride_bytes = ChaseStride(v, key);
  else if (key == "min_time")
    s.min_time_seconds = Seconds(v, key);
  else if (key == "repetitions")
    s.repetitions = Integer(v, key, 1, 100);
  else if (key == "time_budget")
    s.time_budget_seconds = WholeSeconds(v, key);
  else if (key == "boot_timeout")
    s.boot_timeout_seconds = WholeSeconds(v, key);
  else if (key == "step_timeout")
    s.step_timeout_seconds = WholeSeconds(v, key);
  else if (key == "max_restarts")
    s.max_restarts = Integer(v, key, 0, 100);
  else if (key == "qemu_extra")
    s.qemu_extra = StringList(v, key);
  else if (key == "nested")
    s.nested = Nested(v);
  else if (key == "firmware") {
    const std::string f = String(v, key);
    if (f != "uefi" && f != "none") Fail(v, key, "'" + f + "' is not uefi or none");
    s.uefi = f == "uefi";
  } else if (key == "threads") {
    s.threads.clear();
    if (!v.IsSequence() || v.size() == 0) Fail(v, key, "must be a non-empty list of thread counts");
    for (std::size_t i = 0; i < v.size(); ++i)
      s.threads.push_back(Integer(v[i], key + "[" + std::to_string(i) + "]", 1, 256));
  } else if (key == "labels") {
    if (!v.IsMap()) Fail(v, key, "must be a mapping of strings");
    for (const auto& kv : v) {
      const std::string name = LabelName(kv.first);
      s.labels[name] = LabelText(kv.second, "labels." + name);
    }
  } else if (key == "test_hooks") {
    if (!v.IsMap()) Fail(v, key, "must be a mapping");
    RejectUnknownKeys(v, key, {"kill_guest_after_events", "libvirt_version"});
    if (v["kill_guest_after_events"])
      s.test_hooks.kill_guest_after_events =
          Integer(v["kill_guest_after_events"], "test_hooks.kill_guest_after_events", 0, 1000000);
    if (v["libvirt_version"])
      s.test_hooks.libvirt_version =
          Integer(v["libvirt_version"], "test_hooks.libvirt_version", 0, 999999999);
  } else if (key == "regions") {
    if (!v.IsSequence() || v.size() == 0) Fail(v, key, "must be a non-empty list");
    for (std::size_t i = 0; i < v.size(); ++i)
      s.regions.push_back(Region(v[i], "regions[" + std::to_string(i) + "]"));
  }
}

void AssignRegionNames(Scenario& s) {
  std::map<BackingKind, int> next;
  for (RegionConfig& r : s.regions) {
    const int index = next[r.kind]++;
    if (!r.name.empty()) continue;
    static const std::map<BackingKind, std::string> kPrefix{{BackingKind::kRam, "ram"},
                                                            {BackingKind::kDax, "dax"},
                                                            {BackingKind::kCxl, "cxl"},
                                                            {BackingKind::kEmulatedBar, "bar"},
                                                            {BackingKind::kVfio, "vfio"}};
    r.name = kPrefix.at(r.kind) + std::to_string(index);
  }
}

Scenario Parser::Document(const YAML::Node& root) const {
  if (!root.IsMap()) Fail(root, "(document)", "must be a mapping of scenario keys");
  RejectUnknownKeys(root, "",
                    {"name",        "description", "image",        "accel",        "smp",
                     "memory",      "host_kernel", "regions",      "attributes",   "kernels",
                     "probes",      "threads",     "working_set",  "chase_stride", "min_time",
                     "repetitions", "time_budget", "boot_timeout", "step_timeout", "max_restarts",
                     "labels",      "qemu_extra",  "firmware",     "nested",       "test_hooks"});
  if (!root["name"]) Fail(root, "name", "missing (every scenario has a name)");
  if (!root["regions"]) Fail(root, "regions", "missing (list the regions to measure)");
  Scenario s;
  s.file = file_;
  for (const auto& kv : root) Top(kv.first.as<std::string>(), kv.second, s);
  AssignRegionNames(s);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < s.regions.size(); ++i) {
    if (seen.insert(s.regions[i].name).second) continue;
    Fail(root["regions"][i], "regions[" + std::to_string(i) + "].name",
         "duplicate region name '" + s.regions[i].name + "'");
  }
  return s;
}

}  // namespace

std::string_view ToString(AccelChoice accel) {
  switch (accel) {
    case AccelChoice::kKvm:
      return "kvm";
    case AccelChoice::kTcg:
      return "tcg";
    case AccelChoice::kAuto:
      break;
  }
  return "auto";
}

std::string_view ToString(BackingKind kind) {
  switch (kind) {
    case BackingKind::kDax:
      return "dax";
    case BackingKind::kCxl:
      return "cxl";
    case BackingKind::kEmulatedBar:
      return "emulated-bar";
    case BackingKind::kVfio:
      return "vfio";
    case BackingKind::kRam:
      break;
  }
  return "ram";
}

Result<Scenario> ParseScenarioText(std::string_view text, const std::filesystem::path& file) {
  return ParseYamlDocument<Scenario>(
      text, file, [&](const YAML::Node& root) { return Parser(file).Document(root); });
}

Result<Scenario> ParseScenarioFile(const std::filesystem::path& path) {
  const Result<std::string> text = ReadYamlFile(path, "scenario");
  if (!text) return text.error();
  return ParseScenarioText(*text, path);
}

}  // namespace memattr::host
