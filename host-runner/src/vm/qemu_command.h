// Scenario + layout + accelerator + paths -> QEMU argv. Pure: no probing, no file access, so
// golden tests pin the argv of every example scenario for TCG and for KVM on an arm64 host.
//   std::vector<std::string> argv = BuildQemuArgv(scenario, layout, accel, paths);
//   posix_spawn(argv) — never a shell.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scenario/guest_layout.h"
#include "scenario/scenario.h"
#include "vm/accel_options.h"

namespace memattr::host {

struct QemuPaths {
  std::filesystem::path binary;
  std::filesystem::path firmware;  // UEFI QEMU_EFI.fd: ACPI, hence NVDIMM and NUMA
  std::filesystem::path kernel;
  std::filesystem::path initrd;
  std::string kernel_append;
  std::filesystem::path manifest;       // -> fw_cfg opt/memattr/manifest
  std::filesystem::path console_log;    // serial console
  std::filesystem::path events_socket;  // virtio-serial port memattr.events, QEMU is the server
};

inline constexpr char kManifestFwCfgName[] = "opt/memattr/manifest";

std::vector<std::string> BuildQemuArgv(const Scenario& scenario, const GuestLayout& layout,
                                       const AccelProfile& accel, const QemuPaths& paths);

// -object memory-backend-file for a file-backed region (dax, emulated-bar, file cxl).
std::string QemuFileBackend(const RegionPlacement& placement);

// "1024M" style size for QEMU options (MiB when exact, else bytes).
std::string QemuSize(std::uint64_t bytes);

}  // namespace memattr::host
