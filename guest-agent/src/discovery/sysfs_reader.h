// Small readers for sysfs attribute files, so discovery code reads one value per line of code.
// Every error names the file and errno.
//   Result<std::uint64_t> size = ReadSysfsNumber(dev / "size");
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "memattr/result.h"

namespace memattr::agent {

// The file's contents without the trailing newline/whitespace.
Result<std::string> ReadSysfsText(const std::filesystem::path& path);
// A decimal or 0x-hex unsigned number (sysfs writes both).
Result<std::uint64_t> ReadSysfsNumber(const std::filesystem::path& path);
// The last component of a symlink's target ("vfio-pci" for .../driver); "" if no link.
std::string SysfsLinkName(const std::filesystem::path& link);
// Entry names in a directory, sorted; empty if it does not exist.
std::vector<std::string> ListSysfsDir(const std::filesystem::path& dir);

}  // namespace memattr::agent
