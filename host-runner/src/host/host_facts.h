// Facts about the host recorded with every run: kernel, CPU features, KVM capability 243
// (KVM_CAP_ARM_CACHEABLE_PFNMAP_SUPPORTED, asked on a VM fd), and the VmFlags of QEMU's
// backing mappings from /proc/PID/smaps.
//   HostFacts facts = CollectHostFacts();
//   facts.cacheable_pfnmap_cap == "unavailable: no /dev/kvm"
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace memattr::host {

inline constexpr int kCapArmCacheablePfnmapSupported = 243;

struct HostFacts {
  std::string kernel_release;        // uname -r
  std::string kernel_version;        // uname -v
  std::string arch;                  // uname -m
  std::string cpu_features;          // /proc/cpuinfo "Features" (arm64) or "flags" (x86)
  std::string cacheable_pfnmap_cap;  // "0", "1" or "unavailable: REASON"
};

HostFacts CollectHostFacts();

// The last `max_lines` lines of the kernel log (klogctl) that contain `needle`, e.g. "kvm":
// a nested host's evidence of why KVM stopped its guest. An unreadable log gives one line
// "unavailable: REASON".
std::vector<std::string> KernelLogLines(const std::string& needle, std::size_t max_lines);

// KVM_CREATE_VM on `kvm_device`, then KVM_CHECK_EXTENSION(243) on the VM fd.
// Returns "0"/"1", or "unavailable: no /dev/kvm" / "unavailable: KVM_CREATE_VM: ...".
std::string QueryCacheablePfnmapCap(const std::filesystem::path& kvm_device = "/dev/kvm");

// VmFlags ("rd wr sh mr mw me ms ...") of every mapping in `smaps_text` whose path is one of
// `paths`, keyed by path (first mapping of each path).
std::map<std::string, std::string> ParseSmapsVmFlags(const std::string& smaps_text,
                                                     const std::vector<std::string>& paths);
// Same, reading /proc/PID/smaps; an entry "error" says why it could not be read.
std::map<std::string, std::string> ReadBackingVmFlags(pid_t pid,
                                                      const std::vector<std::string>& paths);

}  // namespace memattr::host
