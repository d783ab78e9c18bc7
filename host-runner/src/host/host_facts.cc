#include "host/host_facts.h"

#include <fcntl.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

namespace memattr::host {
namespace {

std::string CpuFeatures() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Features", 0) != 0 && line.rfind("flags", 0) != 0) continue;
    const std::size_t colon = line.find(':');
    return colon == std::string::npos ? "" : line.substr(colon + 2);
  }
  return "unknown";
}

}  // namespace

std::string QueryCacheablePfnmapCap(const std::filesystem::path& kvm_device) {
  const int kvm = ::open(kvm_device.c_str(), O_RDWR | O_CLOEXEC);
  if (kvm < 0)
    return errno == ENOENT
               ? "unavailable: no " + kvm_device.string()
               : "unavailable: open " + kvm_device.string() + ": " + std::strerror(errno);
  const int vm = ::ioctl(kvm, KVM_CREATE_VM, 0);
  if (vm < 0) {
    const std::string why = std::strerror(errno);
    ::close(kvm);
    return "unavailable: KVM_CREATE_VM: " + why;
  }
  const int cap = ::ioctl(vm, KVM_CHECK_EXTENSION, kCapArmCacheablePfnmapSupported);
  ::close(vm);
  ::close(kvm);
  return cap < 0 ? "unavailable: KVM_CHECK_EXTENSION: " + std::string(std::strerror(errno))
                 : std::to_string(cap);
}

HostFacts CollectHostFacts() {
  HostFacts f;
  utsname u{};
  if (::uname(&u) == 0)
    f.kernel_release = u.release, f.kernel_version = u.version, f.arch = u.machine;
  f.cpu_features = CpuFeatures();
  f.cacheable_pfnmap_cap = QueryCacheablePfnmapCap();
  return f;
}

// A mapping header: "7f..-7f.. rw-s 00000000 00:2a 1234   /path"; its VmFlags line follows.
std::map<std::string, std::string> ParseSmapsVmFlags(const std::string& smaps_text,
                                                     const std::vector<std::string>& paths) {
  std::map<std::string, std::string> out;
  std::istringstream in(smaps_text);
  std::string current;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmFlags:", 0) == 0) {
      if (!current.empty() && !out.count(current)) {
        std::string flags = line.substr(8);
        flags.erase(0, flags.find_first_not_of(' '));
        flags.erase(flags.find_last_not_of(' ') + 1);
        out[current] = flags;
      }
      current.clear();
      continue;
    }
    const std::size_t slash = line.find(" /");
    if (line.find('-') == std::string::npos || slash == std::string::npos) continue;
    const std::string path = line.substr(slash + 1);
    if (std::find(paths.begin(), paths.end(), path) != paths.end()) current = path;
  }
  return out;
}

std::map<std::string, std::string> ReadBackingVmFlags(pid_t pid,
                                                      const std::vector<std::string>& paths) {
  const std::string file = "/proc/" + std::to_string(pid) + "/smaps";
  std::ifstream in(file);
  if (!in) return {{"error", file + ": " + std::strerror(errno)}};
  std::stringstream text;
  text << in.rdbuf();
  return ParseSmapsVmFlags(text.str(), paths);
}

std::vector<std::string> KernelLogLines(const std::string& needle, std::size_t max_lines) {
  constexpr int kReadAll = 3, kSizeBuffer = 10;  // SYSLOG_ACTION_READ_ALL, _SIZE_BUFFER
  const int size = ::klogctl(kSizeBuffer, nullptr, 0);
  std::string buffer(size > 0 ? static_cast<std::size_t>(size) : 1u << 20, '\0');
  const int n = ::klogctl(kReadAll, buffer.data(), static_cast<int>(buffer.size()));
  if (n < 0) return {"unavailable: klogctl: " + std::string(std::strerror(errno))};
  buffer.resize(static_cast<std::size_t>(n));
  std::vector<std::string> lines;
  std::istringstream in(buffer);
  for (std::string line; std::getline(in, line);)
    if (line.find(needle) != std::string::npos) lines.push_back(line);
  if (lines.size() > max_lines)
    lines.erase(lines.begin(), lines.end() - static_cast<long>(max_lines));
  return lines;
}

}  // namespace memattr::host
