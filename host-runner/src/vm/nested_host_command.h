// QEMU argv of a nested run's emulated arm64 HOST (L1): TCG with EL2 (virtualization=on) so
// L1's kernel brings up KVM, UEFI (ACPI: its NVDIMM), an NVDIMM that L1 turns into
// /dev/dax0.0 (memory outside L1's linear map), an ivshmem BAR that L1 publishes as a cacheable
// VM_PFNMAP (/dev/memattr-wb), the scenario in fw_cfg for L1's memattr-host,
// and the event port L1 relays everything through. Pure, like BuildQemuArgv.
//   auto argv = BuildNestedHostArgv(*scenario.nested, paths);
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace memattr::host {

struct NestedHostPaths {
  std::filesystem::path binary;          // qemu-system-aarch64 on L0
  std::filesystem::path firmware;        // the host image's QEMU_EFI.fd
  std::filesystem::path kernel, initrd;  // the host image (L1 kernel series)
  std::filesystem::path scenario;        // -> fw_cfg opt/memattr/scenario
  std::filesystem::path dax_file;        // NVDIMM backing file (when nested.dax_bytes > 0)
  std::filesystem::path pfnmap_file;     // ivshmem BAR backing file (when nested.pfnmap_bytes > 0)
  std::filesystem::path vfio_file;  // ivshmem BAR backing file (when nested.vfio_bar_bytes > 0)
  std::filesystem::path console_log;
  std::filesystem::path events_socket;
};

inline constexpr char kScenarioFwCfgName[] = "opt/memattr/scenario";
// Where L1 finds its two ivshmem BARs (host_init.sh: the first is published as /dev/memattr-wb,
// the second bound to vfio-pci): fixed slots on pcie.0, so L1's BDFs are 0000:00:1e.0 and 1f.0.
inline constexpr char kL1PfnmapAddr[] = "0x1e";
inline constexpr char kL1VfioAddr[] = "0x1f";

std::vector<std::string> BuildNestedHostArgv(const NestedHostConfig& nested,
                                             const NestedHostPaths& paths);

// L1's -cpu option: `max` gets pauth-impdef=on (3x faster boots), named models stay as given.
std::string NestedHostCpu(const std::string& cpu);

}  // namespace memattr::host
