// Parses the RegionSpec text form ("kind:key=value,...") and sizes; one parser (R3).
#include "memattr/region_spec.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace memattr {
namespace {

struct KindSyntax {
  RegionKind kind;
  std::vector<std::string_view> keys;      // accepted keys, in help order
  std::vector<std::string_view> required;  // keys that must be present
};

const std::array<KindSyntax, 7>& Syntaxes() {
  static const std::array<KindSyntax, 7> kSyntaxes = {{
      {RegionKind::kAnonymous, {"size", "huge", "name"}, {"size"}},
      {RegionKind::kFile, {"path", "size", "offset", "overwrite", "name"}, {"path"}},
      {RegionKind::kDax, {"path", "size", "offset", "name"}, {"path"}},
      {RegionKind::kNuma, {"node", "size", "huge", "name"}, {"node", "size"}},
      {RegionKind::kPciResource, {"path", "size", "offset", "force", "name"}, {"path"}},
      {RegionKind::kVfio, {"bdf", "index", "size", "offset", "name"}, {"bdf"}},
      {RegionKind::kModule, {"phys", "size", "path", "name"}, {"phys", "size"}},
  }};
  return kSyntaxes;
}

std::string Join(const std::vector<std::string_view>& items) {
  std::string out;
  for (std::string_view item : items) out += (out.empty() ? "" : ", ") + std::string(item);
  return out;
}

const KindSyntax* FindSyntax(std::string_view kind_name) {
  for (const KindSyntax& s : Syntaxes())
    if (ToString(s.kind) == kind_name) return &s;
  return nullptr;
}

std::string KnownKinds() {
  std::vector<std::string_view> names;
  for (const KindSyntax& s : Syntaxes()) names.push_back(ToString(s.kind));
  return Join(names);
}

Result<std::map<std::string, std::string, std::less<>>> SplitPairs(std::string_view body,
                                                                   const std::string& where) {
  std::map<std::string, std::string, std::less<>> pairs;
  while (!body.empty()) {
    const size_t comma = body.find(',');
    std::string_view item = body.substr(0, comma);
    body = comma == std::string_view::npos ? std::string_view{} : body.substr(comma + 1);
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0)
      return Error{where + ": expected key=value, got '" + std::string(item) + "'"};
    std::string key(item.substr(0, eq));
    if (pairs.count(key)) return Error{where + ": key '" + key + "' given twice"};
    pairs.emplace(std::move(key), std::string(item.substr(eq + 1)));
  }
  return pairs;
}

Result<std::uint64_t> ParseUnsigned(std::string_view text) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec == std::errc::result_out_of_range) return Error{"number out of range"};
  if (ec != std::errc() || text.empty()) return Error{"not a number"};
  if (end != text.data() + text.size())
    return Error{"unexpected '" + std::string(end, text.data() + text.size()) + "'"};
  return value;
}

Result<bool> ParseFlag(std::string_view text) {
  if (text == "1" || text == "yes" || text == "true") return true;
  if (text == "0" || text == "no" || text == "false") return false;
  return Error{"expected 0 or 1"};
}

bool IsBdf(std::string_view bdf) {  // DDDD:BB:DD.F, hex
  if (bdf.size() != 12 || bdf[4] != ':' || bdf[7] != ':' || bdf[10] != '.') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11})
    if (!std::isxdigit(static_cast<unsigned char>(bdf[i]))) return false;
  return true;
}

// Applies one key=value to `spec`; returns an error message without the location prefix.
std::optional<std::string> ApplyKey(RegionSpec& spec, const std::string& key,
                                    const std::string& value) {
  auto bad = [&](const Error& e) {
    return "bad value '" + value + "' for " + key + ": " + e.message;
  };
  if (key == "path") {
    if (value.empty()) return "empty path";
    spec.path = value;
  } else if (key == "name") {
    spec.name = value;
  } else if (key == "bdf") {
    if (!IsBdf(value)) return "bad value '" + value + "' for bdf: expected DDDD:BB:DD.F";
    spec.pci_bdf = value;
  } else if (key == "size" || key == "offset" || key == "phys") {
    auto v = ParseSize(value);
    if (!v) return bad(v.error());
    (key == "size" ? spec.size : key == "offset" ? spec.offset : spec.physical_address) = *v;
  } else if (key == "node" || key == "index") {
    auto v = ParseUnsigned(value);
    if (!v || *v > 1023)
      return v ? "bad value '" + value + "' for " + key + ": above 1023" : bad(v.error());
    if (key == "node")
      spec.numa_node = static_cast<int>(*v);
    else
      spec.vfio_region_index = static_cast<unsigned>(*v);
  } else if (key == "huge" || key == "force" || key == "overwrite") {
    auto v = ParseFlag(value);
    if (!v) return bad(v.error());
    if (key == "huge")
      spec.huge_pages = *v ? HugePages::kYes : HugePages::kNo;
    else if (key == "force")
      spec.force = *v ? ForceMapping::kYes : ForceMapping::kNo;
    else
      spec.overwrite = *v ? Overwrite::kYes : Overwrite::kNo;
  }
  return std::nullopt;
}

std::string DefaultName(const RegionSpec& spec) {
  char phys[32];
  switch (spec.kind) {
    case RegionKind::kAnonymous:
      return spec.huge_pages == HugePages::kYes ? "anon-huge" : "anon";
    case RegionKind::kFile:
    case RegionKind::kDax:
      return spec.path.filename().string();
    case RegionKind::kNuma:
      return "numa" + std::to_string(spec.numa_node);
    case RegionKind::kPciResource:
      return spec.path.parent_path().filename().string() + "/" + spec.path.filename().string();
    case RegionKind::kVfio:
      return spec.pci_bdf + "/region" + std::to_string(spec.vfio_region_index);
    case RegionKind::kModule:
      std::snprintf(phys, sizeof phys, "module@0x%llx",
                    static_cast<unsigned long long>(spec.physical_address));
      return phys;
  }
  return "region";
}

}  // namespace

std::string_view ToString(RegionKind kind) {
  switch (kind) {
    case RegionKind::kAnonymous:
      return "anon";
    case RegionKind::kFile:
      return "file";
    case RegionKind::kDax:
      return "dax";
    case RegionKind::kNuma:
      return "numa";
    case RegionKind::kPciResource:
      return "pci";
    case RegionKind::kVfio:
      return "vfio";
    case RegionKind::kModule:
      return "module";
  }
  return "invalid";
}

Result<RegionSpec> ParseRegionSpec(std::string_view text) {
  const std::string where = "region spec '" + std::string(text) + "'";
  const size_t colon = text.find(':');
  const std::string_view kind_name = text.substr(0, colon);
  const KindSyntax* syntax = FindSyntax(kind_name);
  if (!syntax)
    return Error{where + ": unknown kind '" + std::string(kind_name) + "' (known: " + KnownKinds() +
                 ")"};
  auto pairs = SplitPairs(colon == std::string_view::npos ? "" : text.substr(colon + 1), where);
  if (!pairs) return pairs.error();
  RegionSpec spec;
  spec.kind = syntax->kind;
  if (spec.kind == RegionKind::kModule) spec.path = "/dev/memattr";
  for (const auto& [key, value] : *pairs) {
    if (std::find(syntax->keys.begin(), syntax->keys.end(), key) == syntax->keys.end())
      return Error{where + ": unknown key '" + key + "' for kind " + std::string(kind_name) +
                   " (known: " + Join(syntax->keys) + ")"};
    if (auto problem = ApplyKey(spec, key, value)) return Error{where + ": " + *problem};
  }
  for (std::string_view key : syntax->required)
    if (!pairs->count(key))
      return Error{where + ": missing key '" + std::string(key) + "' for kind " +
                   std::string(kind_name)};
  if (spec.name.empty()) spec.name = DefaultName(spec);
  return spec;
}

}  // namespace memattr
