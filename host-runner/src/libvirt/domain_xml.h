// Scenario + layout + accelerator + paths -> libvirt domain XML: the libvirt launcher's twin of
// BuildQemuArgv, from the same GuestLayout. Pure (no libvirt, no file access), golden-tested.
// What libvirt cannot express natively goes into <qemu:commandline> at PCI slots memattr reserves
// (libvirt then marks the domain tainted): each such piece is listed in `passthrough`. What cannot
// go there either is refused with the region and the reason.
//   Result<DomainXml> d = RenderDomainXml(scenario, layout, accel, paths);
//   if (!d) ... d.error().message == "region cxl-file: ..."
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "memattr/result.h"
#include "scenario/guest_layout.h"
#include "scenario/scenario.h"
#include "vm/accel_options.h"

namespace memattr::host {

// Every path is a path on the libvirt host (remote for qemu+ssh://).
struct DomainPaths {
  std::string name;  // domain name, unique per boot
  std::filesystem::path emulator;
  std::filesystem::path firmware_code;  // UEFI code as a 64 MiB pflash image
  std::filesystem::path firmware_vars;  // this domain's 64 MiB varstore
  std::filesystem::path kernel;
  std::filesystem::path initrd;
  std::string kernel_append;
  std::filesystem::path manifest;  // -> <sysinfo type='fwcfg'> opt/memattr/manifest
};

struct DomainXml {
  std::string xml;
  std::vector<std::string> passthrough;    // "bar0: ivshmem-plain on FILE at 0000:00:08.0"
  std::vector<std::string> substitutions;  // "cxl0: ...": expressed differently, same guest view
};

// The nvdimm size libvirt gives QEMU: the backend size rounded up to the 2 MiB alignment (QEMU
// aligns the area after the label down, so the guest's namespace is as large as with the direct
// launcher). A backing file memattr creates must be at least this large.
std::uint64_t LibvirtNvdimmBytes(const RegionPlacement& placement);

// Scenario-level refusals, before any layout: a nested run's emulated host is launched by
// memattr-host itself.
Status CheckLibvirtCanLaunch(const Scenario& scenario);

Result<DomainXml> RenderDomainXml(const Scenario& scenario, const GuestLayout& layout,
                                  const AccelProfile& accel, const DomainPaths& paths);

}  // namespace memattr::host
