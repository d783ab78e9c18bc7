// Where the fake sysfs trees live (guest-agent/tests/testdata); never this machine's /sys.
#pragma once

#include <filesystem>

namespace memattr::agent::testing {

inline std::filesystem::path TestData() { return MEMATTR_AGENT_TESTDATA; }
inline std::filesystem::path FakeSysfs() { return TestData() / "sysfs"; }

// A writable copy of the fake sysfs tree (for tests that change it, e.g. ndctl conversion).
inline std::filesystem::path CopyOfFakeSysfs(const std::string& name) {
  const std::filesystem::path copy =
      std::filesystem::temp_directory_path() / ("memattr_agent_" + name);
  std::filesystem::remove_all(copy);
  std::filesystem::copy(
      FakeSysfs(), copy,
      std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
  return copy;
}

}  // namespace memattr::agent::testing
