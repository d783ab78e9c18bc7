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

// A size for QEMU options, always with its unit: "1024M" (MiB when exact), else "132K", else
// "4097B". QEMU reads a bare number after -m as MiB, so a size never goes out bare.
std::string QemuSize(std::uint64_t bytes);

// A value for a QEMU option list ("key=VALUE,key=..."): ',' doubled, as QEMU's option parser
// wants, so a path with a comma stays one value. Every value from user input goes through it.
//   QemuOptionValue("/r/a,b.img") == "/r/a,,b.img"
std::string QemuOptionValue(std::string_view value);

}  // namespace memattr::host
