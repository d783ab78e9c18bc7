// What one QEMU binary can do, probed once (`--version`, `-machine help`, `-device help`,
// `-accel help`) and cached per binary path for the life of the process.
//   Result<QemuCapabilities> caps = ProbeQemu("/usr/bin/qemu-system-aarch64");
//   if (caps->HasDevice("ivshmem-plain")) ...
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include "memattr/result.h"

namespace memattr::host {

struct QemuVersion {
  int major = 0, minor = 0, micro = 0;
  std::string ToString() const;
  bool AtLeast(int maj, int min) const { return major > maj || (major == maj && minor >= min); }
};

struct QemuCapabilities {
  std::filesystem::path binary;
  QemuVersion version;
  std::string version_line;  // first line of --version
  std::set<std::string> machines;
  std::set<std::string> devices;
  std::set<std::string> accels;

  bool HasDevice(const std::string& name) const { return devices.count(name) != 0; }
  bool HasAccel(const std::string& name) const { return accels.count(name) != 0; }
  // Why a cxl-type3 device cannot be used on `virt`, or nullopt when it can (QEMU >= 10.1).
  std::optional<std::string> CxlType3Unsupported() const;
};

// Parsers for each help text (exposed for tests).
Result<QemuVersion> ParseQemuVersion(const std::string& version_text);
std::set<std::string> ParseMachineHelp(const std::string& text);
std::set<std::string> ParseDeviceHelp(const std::string& text);
std::set<std::string> ParseAccelHelp(const std::string& text);

// Runs the four probes on first call for `binary`, then returns the cached result.
// Errors name the binary and the probe that failed.
Result<QemuCapabilities> ProbeQemu(const std::filesystem::path& binary);
// How many times the binary was really executed (tests check the cache).
int QemuProbeCount();

}  // namespace memattr::host
