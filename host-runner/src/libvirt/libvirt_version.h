// Which libvirt (the daemon's version, as virConnectGetLibVersion reports it) each scenario piece
// needs, and the refusal when the daemon is older. Pure: no libvirt, so it is unit-tested in any
// build. Versions are libvirt's encoding, major * 1,000,000 + minor * 1,000 + micro.
//   if (Status s = CheckLibvirtVersion(scenario, 9'000'000); !s)
//     s.error().message == "libvirt 9.0.0 is too old for firmware: none (FILE:LINE): ..."
#pragma once

#include <string>
#include <vector>

#include "memattr/result.h"
#include "scenario/scenario.h"

namespace memattr::host {

struct LibvirtRequirement {
  std::string piece;  // what needs it: "memattr's domain XML", "firmware: none (s.yaml:3)"
  unsigned long min_version = 0;
  std::string why;  // what goes wrong with an older libvirt
};

// Every requirement of this scenario's domain, the general one first.
std::vector<LibvirtRequirement> LibvirtRequirements(const Scenario& scenario);

// Refuses a daemon older than any requirement, naming the piece, both versions and why.
Status CheckLibvirtVersion(const Scenario& scenario, unsigned long daemon_version);

// 11003000 -> "11.3.0"
std::string LibvirtVersionString(unsigned long version);

}  // namespace memattr::host
