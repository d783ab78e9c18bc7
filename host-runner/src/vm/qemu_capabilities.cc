#include "vm/qemu_capabilities.h"

#include <map>
#include <mutex>
#include <regex>
#include <sstream>

#include "host/command_output.h"

namespace memattr::host {
namespace {

std::mutex g_mu;
std::map<std::filesystem::path, QemuCapabilities> g_cache;
int g_probe_count = 0;

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

std::string QemuVersion::ToString() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(micro);
}

std::optional<std::string> QemuCapabilities::CxlType3Unsupported() const {
  if (!HasDevice("cxl-type3")) return "QEMU " + version.ToString() + " has no cxl-type3 device";
  if (!version.AtLeast(10, 1))
    return "cxl-type3 on arm virt needs QEMU >= 10.1 (virt,cxl=on); this is QEMU " +
           version.ToString();
  return std::nullopt;
}

Result<QemuVersion> ParseQemuVersion(const std::string& version_text) {
  static const std::regex kVersion(R"(version (\d+)\.(\d+)\.(\d+))");
  std::smatch m;
  const std::string line = FirstLine(version_text);
  if (!std::regex_search(line, m, kVersion))
    return Error{"QEMU --version: no 'version X.Y.Z' in '" + line + "'"};
  return QemuVersion{std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3])};
}

// "virt                 QEMU 10.0 ARM Virtual Machine (alias of virt-10.0)"
std::set<std::string> ParseMachineHelp(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.rfind("Supported machines", 0) == 0 || line[0] == ' ') continue;
    out.insert(line.substr(0, line.find(' ')));
  }
  return out;
}

// name "ivshmem-plain", bus PCI, desc "Inter-VM shared memory"
std::set<std::string> ParseDeviceHelp(const std::string& text) {
  static const std::regex kName(R"(^name "([^"]+)\")");
  std::set<std::string> out;
  std::istringstream in(text);
  std::smatch m;
  for (std::string line; std::getline(in, line);)
    if (std::regex_search(line, m, kName)) out.insert(m[1]);
  return out;
}

// "Accelerators supported in QEMU binary:\ntcg\nkvm"
std::set<std::string> ParseAccelHelp(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line.find(' ') == std::string::npos) out.insert(line);
  return out;
}

Result<QemuCapabilities> ProbeQemu(const std::filesystem::path& binary) {
  std::lock_guard lock(g_mu);
  if (auto it = g_cache.find(binary); it != g_cache.end()) return it->second;
  ++g_probe_count;
  QemuCapabilities caps;
  caps.binary = binary;
  auto version = RunAndCapture({binary.string(), "--version"});
  if (!version) return version.error();
  auto parsed = ParseQemuVersion(*version);
  if (!parsed) return Error{binary.string() + ": " + parsed.error().message};
  caps.version = *parsed;
  caps.version_line = FirstLine(*version);
  auto machines = RunAndCapture({binary.string(), "-machine", "help"});
  auto devices = RunAndCapture({binary.string(), "-device", "help"});
  auto accels = RunAndCapture({binary.string(), "-accel", "help"});
  for (const auto* r : {&machines, &devices, &accels})
    if (!*r) return r->error();
  caps.machines = ParseMachineHelp(*machines);
  caps.devices = ParseDeviceHelp(*devices);
  caps.accels = ParseAccelHelp(*accels);
  g_cache[binary] = caps;
  return caps;
}

int QemuProbeCount() {
  std::lock_guard lock(g_mu);
  return g_probe_count;
}

}  // namespace memattr::host
