// The only fleet file parser (yaml-cpp through YamlFields). Scenario files are parsed here too,
// so a fleet with a bad scenario stops before any host is contacted.
#include <algorithm>
#include <cctype>
#include <set>

#include "fleet/fleet.h"
#include "scenario/scenario.h"
#include "scenario/yaml_fields.h"

namespace memattr::host {
namespace {

constexpr int kMaxConcurrency = 256;

class FleetParser : public YamlFields {
 public:
  using YamlFields::YamlFields;

  Fleet Document(const YAML::Node& root) const {
    if (!root.IsMap()) Fail(root, "(top)", "a fleet file is a mapping (hosts, scenarios, ...)");
    RejectUnknownKeys(root, "", {"hosts", "scenarios", "concurrency", "image"});
    Fleet fleet;
    fleet.file = file_;
    if (!root["hosts"]) Fail(root, "hosts", "missing: name at least one host");
    if (!root["scenarios"]) Fail(root, "scenarios", "missing: name at least one scenario");
    fleet.hosts = Hosts(root["hosts"]);
    fleet.scenarios = Scenarios(root["scenarios"]);
    if (root["concurrency"])
      fleet.concurrency =
          static_cast<int>(Integer(root["concurrency"], "concurrency", 1, kMaxConcurrency));
    else
      fleet.concurrency = static_cast<int>(fleet.hosts.size());
    if (root["image"]) fleet.image = Path(root["image"], "image");
    return fleet;
  }

 private:
  std::vector<FleetHost> Hosts(const YAML::Node& node) const {
    if (!node.IsSequence() || node.size() == 0) Fail(node, "hosts", "must be a non-empty list");
    std::vector<FleetHost> hosts;
    for (std::size_t i = 0; i < node.size(); ++i) {
      FleetHost h = Host(node[i], "hosts[" + std::to_string(i) + "]");
      for (const FleetHost& other : hosts) {
        if (other.name == h.name)
          Fail(
              node[i]["name"], "hosts[" + std::to_string(i) + "].name",
              "duplicate host '" + h.name + "' (first at line " + std::to_string(other.line) + ")");
        if (other.uri == h.uri)
          Fail(node[i]["uri"], "hosts[" + std::to_string(i) + "].uri",
               "duplicate host URI '" + h.uri + "' (host '" + other.name + "', line " +
                   std::to_string(other.line) + ")");
      }
      hosts.push_back(std::move(h));
    }
    return hosts;
  }

  FleetHost Host(const YAML::Node& node, const std::string& where) const {
    if (!node.IsMap()) Fail(node, where, "must be a mapping (name, uri, labels)");
    RejectUnknownKeys(node, where, {"name", "uri", "labels"});
    if (!node["name"]) Fail(node, where + ".name", "missing");
    if (!node["uri"]) Fail(node, where + ".uri", "missing (a libvirt URI, e.g. qemu:///system)");
    FleetHost h;
    h.name = Name(node["name"], where + ".name");
    h.uri = String(node["uri"], where + ".uri");
    h.line = node["name"].Mark().line + 1;
    if (!LooksLikeUri(h.uri))
      Fail(node["uri"], where + ".uri",
           "'" + h.uri + "' is not a URI (want SCHEME://..., e.g. qemu+ssh://user@host/system)");
    if (const YAML::Node labels = node["labels"]) {
      if (!labels.IsMap()) Fail(labels, where + ".labels", "must be a mapping of KEY: VALUE");
      for (const auto& kv : labels) {
        const std::string key = LabelName(kv.first, where + ".labels");
        h.labels[key] = LabelText(kv.second, where + ".labels." + key);
      }
    }
    return h;
  }

  std::vector<FleetScenario> Scenarios(const YAML::Node& node) const {
    if (!node.IsSequence() || node.size() == 0)
      Fail(node, "scenarios", "must be a non-empty list of scenario files");
    std::vector<FleetScenario> out;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string field = "scenarios[" + std::to_string(i) + "]";
      FleetScenario s;
      s.file = Path(node[i], field);
      const Result<Scenario> parsed = ParseScenarioFile(s.file);
      if (!parsed) Fail(node[i], field, parsed.error().message);
      s.name = parsed->name;
      for (const FleetScenario& other : out)
        if (other.name == s.name)
          Fail(node[i], field,
               "scenario name '" + s.name + "' also names " + other.file.string() +
                   " (each writes DIR/<host>/<name>/)");
      out.push_back(std::move(s));
    }
    return out;
  }
};

}  // namespace

bool LooksLikeUri(std::string_view text) {
  const std::size_t colon = text.find("://");
  if (colon == std::string_view::npos || colon == 0) return false;
  if (!std::isalpha(static_cast<unsigned char>(text[0]))) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = text[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
      return false;
  }
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; });
}

Result<Fleet> ParseFleetText(std::string_view text, const std::filesystem::path& file) {
  return ParseYamlDocument<Fleet>(
      text, file, [&](const YAML::Node& root) { return FleetParser(file).Document(root); });
}

Result<Fleet> ParseFleetFile(const std::filesystem::path& path) {
  const Result<std::string> text = ReadYamlFile(path, "fleet file");
  if (!text) return text.error();
  return ParseFleetText(*text, path);
}

}  // namespace memattr::host
