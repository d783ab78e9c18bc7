#include "discovery/sysfs_reader.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace memattr::agent {

Result<std::string> ReadSysfsText(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return ErrnoError(path.string(), "read");
  std::ostringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

Result<std::uint64_t> ReadSysfsNumber(const std::filesystem::path& path) {
  auto text = ReadSysfsText(path);
  if (!text) return text.error();
  std::size_t used = 0;
  std::uint64_t value = 0;
  try {
    value = std::stoull(*text, &used, 0);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text->size())
    return Error{path.string() + ": expected a number, got \"" + *text + "\""};
  return value;
}

std::string SysfsLinkName(const std::filesystem::path& link) {
  std::error_code ec;
  const std::filesystem::path target = std::filesystem::read_symlink(link, ec);
  return ec ? std::string() : target.filename().string();
}

std::vector<std::string> ListSysfsDir(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace memattr::agent
