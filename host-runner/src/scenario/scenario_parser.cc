// The only scenario parser (yaml-cpp). Every error is "FILE:LINE: FIELD: PROBLEM".
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include "scenario/scenario.h"

namespace memattr::host {
namespace {

// Thrown inside this file only; ParseScenarioText turns it into an Error.
struct ParseError {
  std::string message;
};

class Parser {
 public:
  explicit Parser(std::filesystem::path file) : file_(std::move(file)) {}

  [[noreturn]] void Fail(const YAML::Node& node, const std::string& field,
                         const std::string& problem) const {
    const int line = node.IsDefined() ? node.Mark().line + 1 : 0;
    throw ParseError{file_.string() + ":" + std::to_string(line) + ": " + field + ": " + problem};
  }

  void RejectUnknownKeys(const YAML::Node& map, const std::string& where,
                         const std::vector<std::string>& known) const {
    for (const auto& kv : map) {
      const std::string key = kv.first.as<std::string>();
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      Fail(kv.first, where.empty() ? key : where + "." + key,
           "unknown key '" + key + "' (known: " + list + ")");
    }
  }

  std::string String(const YAML::Node& node, const std::string& field) const {
    if (!node.IsScalar()) Fail(node, field, "must be a string");
    return node.as<std::string>();
  }

  long long Integer(const YAML::Node& node, const std::string& field, long long min,
                    long long max) const {
    const std::string text = String(node, field);
    long long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
      Fail(node, field, "'" + text + "' is not an integer");
    if (value < min || value > max)
      Fail(node, field,
           text + " is out of range " + std::to_string(min) + ".." + std::to_string(max));
    return value;
  }

  // "1GiB", "512MiB", "16M", "4096": binary multiples.
  std::uint64_t Size(const YAML::Node& node, const std::string& field) const {
    const std::string text = String(node, field);
    std::size_t pos = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
    const std::string digits = text.substr(0, pos), unit = text.substr(pos);
    static const std::map<std::string, int> kShift{{"", 0},     {"K", 10}, {"KiB", 10}, {"M", 20},
                                                   {"MiB", 20}, {"G", 30}, {"GiB", 30}};
    const auto shift = kShift.find(unit);
    if (digits.empty() || shift == kShift.end())
      Fail(node, field, "'" + text + "' is not a size (e.g. 64MiB, 1GiB, 4096)");
    const std::uint64_t value = std::stoull(digits) << shift->second;
    if (value == 0) Fail(node, field, "must be greater than 0");
    return value;
  }

  // latency_chase node distance: a size, a multiple of 8 bytes, at most 1 MiB.
  std::uint64_t ChaseStride(const YAML::Node& node, const std::string& field) const {
    const std::uint64_t value = Size(node, field);
    if (value % 8 != 0 || value > (1u << 20))
      Fail(node, field, std::to_string(value) + " bytes: must be a multiple of 8, at most 1MiB");
    return value;
  }

  // "900s", "15m", "0.05s", "2": seconds.
  double Seconds(const YAML::Node& node, const std::string& field) const {
    std::string text = String(node, field);
    double scale = 1;
    if (!text.empty() && text.back() == 's')
      text.pop_back();
    else if (!text.empty() && text.back() == 'm') {
      text.pop_back();
      scale = 60;
    }
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value <= 0)
      Fail(node, field,
           "'" + String(node, field) + "' is not a positive duration (e.g. 900s, 15m)");
    return value * scale;
  }

  std::vector<std::string> StringList(const YAML::Node& node, const std::string& field) const {
    if (!node.IsSequence()) Fail(node, field, "must be a list");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < node.size(); ++i)
      out.push_back(String(node[i], field + "[" + std::to_string(i) + "]"));
    return out;
  }

  std::filesystem::path Path(const YAML::Node& node, const std::string& field) const {
    std::filesystem::path p = String(node, field);
    return p.is_absolute() ? p : file_.parent_path() / p;
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

  RegionConfig Region(const YAML::Node& node, const std::string& where) const;
  void RegionRequirements(const YAML::Node& node, const std::string& where,
                          const RegionConfig& r) const;
  NestedHostConfig Nested(const YAML::Node& node) const;
  Scenario Document(const YAML::Node& root) const;
  void Top(const std::string& key, const YAML::Node& value, Scenario& s) const;

 private:
  std::filesystem::path file_;
};

RegionConfig Parser::Region(const YAML::Node& node, const std::string& where) const {
  if (!node.IsMap()) Fail(node, where, "must be a mapping with at least 'kind'");
  RejectUnknownKeys(
      node, where,
      {"name", "kind", "size", "path", "host_node", "bdf", "bar", "device_model", "guest_vfio"});
  if (!node["kind"]) Fail(node, where + ".kind", "missing (ram, dax, cxl, emulated-bar, vfio)");
  RegionConfig r;
  r.line = node.Mark().line + 1;
  r.kind = Kind(node["kind"], where + ".kind");
  if (node["name"]) r.name = String(node["name"], where + ".name");
  if (node["size"]) r.size_bytes = Size(node["size"], where + ".size");
  if (node["path"]) r.path = Path(node["path"], where + ".path");
  if (node["host_node"]) r.host_node = Integer(node["host_node"], where + ".host_node", 0, 1023);
  if (node["bdf"]) r.host_bdf = String(node["bdf"], where + ".bdf");
  if (node["bar"]) r.bar = Integer(node["bar"], where + ".bar", 0, 5);
  if (node["device_model"]) {
    const std::string model = String(node["device_model"], where + ".device_model");
    if (model != "cxl-type3" && model != "numa")
      Fail(node["device_model"], where + ".device_model",
           "'" + model + "' is not cxl-type3 or numa");
    r.cxl_device_model = model == "cxl-type3";
  }
  if (node["guest_vfio"]) {
    const std::string flag = String(node["guest_vfio"], where + ".guest_vfio");
    if (flag != "true" && flag != "false")
      Fail(node["guest_vfio"], where + ".guest_vfio", "'" + flag + "' is not true or false");
    r.guest_vfio = flag == "true";
  }
  RegionRequirements(node, where, r);
  return r;
}

void Parser::RegionRequirements(const YAML::Node& node, const std::string& where,
                                const RegionConfig& r) const {
  const bool sized = r.kind == BackingKind::kDax || r.kind == BackingKind::kCxl ||
                     r.kind == BackingKind::kEmulatedBar;
  if (sized && r.size_bytes == 0) Fail(node, where + ".size", "missing (required for this kind)");
  if (r.kind == BackingKind::kDax && r.size_bytes % (16u << 20) != 0)
    Fail(node["size"], where + ".size", "must be a multiple of 16MiB for an nvdimm");
  if (r.kind == BackingKind::kEmulatedBar && (r.size_bytes & (r.size_bytes - 1)) != 0)
    Fail(node["size"], where + ".size", "must be a power of two for an ivshmem BAR");
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
  if (node["host_images"]) n.host_images = Path(node["host_images"], "nested.host_images");
  if (node["cpu"]) n.cpu = String(node["cpu"], "nested.cpu");
  if (node["smp"]) n.smp = Integer(node["smp"], "nested.smp", 1, 8);
  if (node["memory"]) n.memory_bytes = Size(node["memory"], "nested.memory");
  if (node["dax"]) {
    n.dax_bytes = Size(node["dax"], "nested.dax");
    if (n.dax_bytes % (16u << 20) != 0)
      Fail(node["dax"], "nested.dax", "must be a multiple of 16MiB for an nvdimm");
  }
  for (auto [key, bytes] :
       {std::pair{"pfnmap", &n.pfnmap_bytes}, std::pair{"vfio_bar", &n.vfio_bar_bytes}}) {
    if (!node[key]) continue;
    const std::string field = std::string("nested.") + key;
    *bytes = Size(node[key], field);
    if (*bytes < (2u << 20) || (*bytes & (*bytes - 1)) != 0)
      Fail(node[key], field, "must be a power of two of at least 2MiB for an ivshmem BAR");
  }
  if (node["boot_timeout"])
    n.boot_timeout_seconds = static_cast<int>(Seconds(node["boot_timeout"], "nested.boot_timeout"));
  return n;
}

void Parser::Top(const std::string& key, const YAML::Node& v, Scenario& s) const {
  if (key == "name")
    s.name = String(v, key);
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
  else if (key == "memory")
    s.memory_bytes = Size(v, key);
  else if (key == "host_kernel")
    s.host_kernel_label = String(v, key);
  else if (key == "attributes")
    s.attributes = StringList(v, key);
  else if (key == "kernels")
    s.kernels = StringList(v, key);
  else if (key == "probes")
    s.probes = StringList(v, key);
  else if (key == "working_set")
    s.working_set_bytes = Size(v, key);
  else if (key == "chase_stride")
    s.chase_stride_bytes = ChaseStride(v, key);
  else if (key == "min_time")
    s.min_time_seconds = Seconds(v, key);
  else if (key == "repetitions")
    s.repetitions = Integer(v, key, 1, 100);
  else if (key == "time_budget")
    s.time_budget_seconds = static_cast<int>(Seconds(v, key));
  else if (key == "boot_timeout")
    s.boot_timeout_seconds = static_cast<int>(Seconds(v, key));
  else if (key == "step_timeout")
    s.step_timeout_seconds = static_cast<int>(Seconds(v, key));
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
    if (!v.IsSequence()) Fail(v, key, "must be a list of thread counts");
    for (std::size_t i = 0; i < v.size(); ++i)
      s.threads.push_back(Integer(v[i], key + "[" + std::to_string(i) + "]", 1, 256));
  } else if (key == "labels") {
    if (!v.IsMap()) Fail(v, key, "must be a mapping of strings");
    for (const auto& kv : v)
      s.labels[kv.first.as<std::string>()] =
          String(kv.second, "labels." + kv.first.as<std::string>());
  } else if (key == "test_hooks") {
    if (!v.IsMap()) Fail(v, key, "must be a mapping");
    RejectUnknownKeys(v, key, {"kill_guest_after_events"});
    if (v["kill_guest_after_events"])
      s.test_hooks.kill_guest_after_events =
          Integer(v["kill_guest_after_events"], "test_hooks.kill_guest_after_events", 0, 1000000);
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
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    return Parser(file).Document(root);
  } catch (const ParseError& e) {
    return Error{e.message};
  } catch (const YAML::Exception& e) {
    return Error{file.string() + ":" + std::to_string(e.mark.line + 1) + ": (yaml): " + e.msg};
  }
}

Result<Scenario> ParseScenarioFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return ErrnoError(path.string(), "open scenario");
  std::stringstream text;
  text << in.rdbuf();
  return ParseScenarioText(text.str(), path);
}

}  // namespace memattr::host
