#include "results/path_under.h"

#include <algorithm>
#include <cctype>

namespace memattr::host {
namespace {

constexpr std::size_t kMaxNameLength = 64;
constexpr std::size_t kMaxComponentLength = 200;  // name + suffix, well under NAME_MAX

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

bool IsSafeComponent(std::string_view c) {
  return !c.empty() && c.size() <= kMaxComponentLength &&
         std::isalpha(static_cast<unsigned char>(c.front())) &&
         std::all_of(c.begin(), c.end(), IsNameChar);
}

}  // namespace

bool IsSafeName(std::string_view name) {
  return name.size() <= kMaxNameLength && IsSafeComponent(name);
}

Result<std::filesystem::path> PathUnder(const std::filesystem::path& root,
                                        std::string_view component) {
  const std::string what = "'" + std::string(component) + "' under " + root.string();
  if (!IsSafeComponent(component))
    return Error{what + ": not a safe file name (" + kSafeNameRule + ")"};
  std::filesystem::path base = root.lexically_normal();
  if (base.has_relative_path() && base.filename().empty()) base = base.parent_path();  // "dir/"
  const std::filesystem::path joined = (root / std::string(component)).lexically_normal();
  const std::filesystem::path relative = joined.lexically_relative(base);
  if (relative.empty() || *relative.begin() == ".." || relative.is_absolute() ||
      std::distance(relative.begin(), relative.end()) != 1)
    return Error{what + ": would leave " + root.string()};
  return joined;
}

}  // namespace memattr::host
