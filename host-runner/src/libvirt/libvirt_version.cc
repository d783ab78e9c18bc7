#include "libvirt/libvirt_version.h"

namespace memattr::host {

std::vector<LibvirtRequirement> LibvirtRequirements(const Scenario& s) {
  // The pieces of the issue 17 table were each booted with libvirt 9.0 and 11.3 before the
  // launcher was written; only a domain without ACPI failed with 9.0.
  std::vector<LibvirtRequirement> out{
      {"memattr's domain XML", 9'000'000, "the oldest libvirt its pieces were booted with"}};
  if (!s.uefi)
    out.push_back({"firmware: none (" + s.file.string() + ")", 11'003'000,
                   "a domain without <acpi/>: libvirt 9.0 passes -no-acpi, which QEMU 10 "
                   "rejects"});
  return out;
}

Status CheckLibvirtVersion(const Scenario& s, unsigned long daemon_version) {
  for (const LibvirtRequirement& r : LibvirtRequirements(s))
    if (daemon_version < r.min_version)
      return Error{"libvirt " + LibvirtVersionString(daemon_version) + " is too old for " +
                   r.piece + ": it needs " + LibvirtVersionString(r.min_version) + " or later (" +
                   r.why + ")"};
  return OkStatus();
}

std::string LibvirtVersionString(unsigned long v) {
  return std::to_string(v / 1000000) + "." + std::to_string(v / 1000 % 1000) + "." +
         std::to_string(v % 1000);
}

}  // namespace memattr::host
