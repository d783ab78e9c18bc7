#include "scenario/yaml_fields.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "memattr/protocol/metric_names.h"
#include "results/path_under.h"

namespace memattr::host {
namespace {
constexpr std::size_t kMaxLabelLength = 128;  // label values stay bounded
}  // namespace

void YamlFields::Fail(const YAML::Node& node, const std::string& field,
                      const std::string& problem) const {
  const int line = node.IsDefined() ? node.Mark().line + 1 : 0;
  throw YamlFieldError{file_.string() + ":" + std::to_string(line) + ": " + field + ": " + problem};
}

void YamlFields::RejectUnknownKeys(const YAML::Node& map, const std::string& where,
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

std::string YamlFields::String(const YAML::Node& node, const std::string& field) const {
  if (!node.IsScalar()) Fail(node, field, "must be a string");
  return node.as<std::string>();
}

long long YamlFields::Integer(const YAML::Node& node, const std::string& field, long long min,
                              long long max) const {
  const std::string text = String(node, field);
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range)
    value = text.front() == '-' ? min - 1 : max + 1;
  else if (ec != std::errc() || end != text.data() + text.size())
    Fail(node, field, "'" + text + "' is not an integer");
  if (value < min || value > max)
    Fail(node, field,
         text + " is out of range " + std::to_string(min) + ".." + std::to_string(max));
  return value;
}

std::string YamlFields::Name(const YAML::Node& node, const std::string& field) const {
  const std::string name = String(node, field);
  if (!IsSafeName(name))
    Fail(node, field, "'" + name + "' is not a valid name (" + kSafeNameRule + ")");
  return name;
}

std::vector<std::string> YamlFields::StringList(const YAML::Node& node,
                                                const std::string& field) const {
  if (!node.IsSequence()) Fail(node, field, "must be a list");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < node.size(); ++i)
    out.push_back(String(node[i], field + "[" + std::to_string(i) + "]"));
  return out;
}

std::filesystem::path YamlFields::Path(const YAML::Node& node, const std::string& field) const {
  std::filesystem::path p = String(node, field);
  return p.is_absolute() ? p : file_.parent_path() / p;
}

std::string YamlFields::LabelName(const YAML::Node& node, const std::string& where) const {
  const std::string name = String(node, where);
  if (!protocol::metric_names::IsUserLabelName(name))
    Fail(node, where + "." + name,
         "'" + name +
             "' is not a label name memattr can export: [a-zA-Z_][a-zA-Z0-9_]*, not \"__...\", "
             "not one of memattr's own labels (scenario, region, kernel, ...)");
  return name;
}

std::string YamlFields::LabelText(const YAML::Node& node, const std::string& field) const {
  const std::string text = String(node, field);
  if (const std::string problem = LabelTextProblem(text); !problem.empty())
    Fail(node, field, problem);
  return text;
}

std::string LabelTextProblem(std::string_view text) {
  if (text.size() > kMaxLabelLength)
    return "longer than " + std::to_string(kMaxLabelLength) + " characters";
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "contains a control character";
  return "";
}

std::string YamlSyntaxError(const std::filesystem::path& file, const YAML::Exception& e) {
  return file.string() + ":" + std::to_string(e.mark.line + 1) + ": (yaml): " + e.msg;
}

Result<std::string> ReadYamlFile(const std::filesystem::path& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) return ErrnoError(path.string(), "open " + what);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace memattr::host
