// Expected effective type from stage 1 (what the guest asked for) and stage 2 (what the
// hypervisor maps), per the Arm ARM combining rules: the more restrictive type wins, except
// that with FEAT_S2FWB KVM's Normal stage 2 forces Normal-WB onto any stage 1. KVM before
// KVM_CAP_ARM_CACHEABLE_PFNMAP_SUPPORTED (243, Linux 6.17) maps memory outside the host's
// linear map (devdax, pmem, PFNMAP) as Device-nGnRE; 6.17+ maps devdax Normal, and a cacheable
// PFNMAP Normal with cap 243 (refusing it without); TCG without KVM has no stage 2. A VFIO
// region (kind vfio: the guest's own vfio-pci mapping) is Device-nGnRnE at stage 1 whatever
// was requested: vfio-pci chooses it.
//   ExpectedType e = ModelExpectedType(MemoryAttribute::kNormalWb, {.accel = "kvm", ...});
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "inference/effective_type.h"
#include "manifest/manifest.h"

namespace memattr::agent {

// What stage 2 looks like for one region: from the manifest's host facts and the backing.
struct StageTwoFacts {
  std::string accel;        // "tcg", "kvm", "bare-metal", "none", "" = unknown
  std::string host_kernel;  // "6.12.0-...": release decides cap 243 when unknown
  std::optional<bool> cacheable_pfnmap_cap;
  std::optional<bool> fwb;
  ManifestRegionKind kind = ManifestRegionKind::kRam;
  // Outside the host's linear map: device pages "host-devdax", "dax", "devdax", "pmem";
  // VM_PFNMAP "pfnmap", "host-pfnmap";
  // host MMIO: "host-vfio", "mmio", "device"; anything else ("file", "ivshmem", "host-node",
  // "") is host RAM. An empty backing on a vfio region counts as MMIO.
  std::string backing;
};

struct ExpectedType {
  EffectiveType type = EffectiveType::kUnknown;
  std::vector<std::string> reasoning;  // one line per step of the model
};

ExpectedType ModelExpectedType(MemoryAttribute stage1, const StageTwoFacts& facts);

}  // namespace memattr::agent
