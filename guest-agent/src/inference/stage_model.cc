#include "inference/stage_model.h"

#include <cstdio>

namespace memattr::agent {
namespace {

// Outside the linear map, two kinds: pages (devdax, pmem: ZONE_DEVICE struct pages, no
// VM_PFNMAP) and raw PFNs (a VM_PFNMAP VMA, as remap_pfn_range and nvgrace-gpu make).
enum class BackingClass { kHostRam, kDevicePages, kPfnmap, kMmio };

BackingClass ClassifyBacking(const StageTwoFacts& f) {
  const std::string& b = f.backing;
  if (b == "dax" || b == "devdax" || b == "host-devdax" || b == "pmem")
    return BackingClass::kDevicePages;
  if (b == "pfnmap" || b == "host-pfnmap") return BackingClass::kPfnmap;
  if (b == "mmio" || b == "device" || b == "host-vfio" ||
      (b.empty() && f.kind == ManifestRegionKind::kVfio))
    return BackingClass::kMmio;
  return BackingClass::kHostRam;
}

std::optional<bool> KernelAtLeast(const StageTwoFacts& f, int want_major, int want_minor) {
  int major = 0, minor = 0;
  if (std::sscanf(f.host_kernel.c_str(), "%d.%d", &major, &minor) != 2) return std::nullopt;
  return major > want_major || (major == want_major && minor >= want_minor);
}

// Whether the host kernel has 6.17's stage-2 rules, from its release; cap 243 = 1 implies it.
std::optional<bool> KernelHasCacheablePfnmap(const StageTwoFacts& f) {
  if (const std::optional<bool> release = KernelAtLeast(f, 6, 17)) return release;
  if (f.cacheable_pfnmap_cap == true) return true;
  return std::nullopt;
}

// Stage 2 of memory outside the host's linear map. Before 6.17 KVM decides Device from the
// page frame alone. From 6.17 it looks at the VMA: device pages (devdax: no VM_PFNMAP) are
// Normal; a cacheable VM_PFNMAP is Normal when the CPU has FWB and DIC (cap 243 = 1) and its
// memslot is refused otherwise.
EffectiveType OutsideLinearMapType(const StageTwoFacts& f, BackingClass c,
                                   std::vector<std::string>& why) {
  std::optional<bool> new_rules = KernelHasCacheablePfnmap(f);
  // A PFNMAP the guest was given at all was not refused: without a release, cap 0 means pre-6.17.
  if (!new_rules && c == BackingClass::kPfnmap && f.cacheable_pfnmap_cap == false)
    new_rules = false;
  if (!new_rules) {
    why.push_back("stage 2: backing '" + f.backing +
                  "' is outside the linear map and neither cap 243 nor the host kernel is known");
    return EffectiveType::kUnknown;
  }
  if (!*new_rules) {
    why.push_back("stage 2: KVM without cap 243 maps non-linear-map memory as Device-nGnRE");
    return EffectiveType::kDevice;
  }
  if (c == BackingClass::kDevicePages) {
    why.push_back(
        "stage 2: KVM 6.17+ maps device pages (no VM_PFNMAP) by their cacheable VMA: Normal-WB");
    return EffectiveType::kNormalWb;
  }
  if (f.cacheable_pfnmap_cap == false) {
    why.push_back(
        "stage 2: KVM 6.17+ without cap 243 (no FWB or DIC) refuses a cacheable VM_PFNMAP memslot");
    return EffectiveType::kUnknown;
  }
  why.push_back("stage 2: cacheable PFNMAP supported (cap 243): Normal-WB");
  return EffectiveType::kNormalWb;
}

// Stage-2 type for KVM; kUnknown when the host facts do not say.
EffectiveType StageTwoType(const StageTwoFacts& f, std::vector<std::string>& why) {
  switch (ClassifyBacking(f)) {
    case BackingClass::kHostRam:
      why.push_back("stage 2: backing '" +
                    (f.backing.empty() ? std::string("host RAM") : f.backing) +
                    "' is in the host's linear map: Normal-WB");
      return EffectiveType::kNormalWb;
    case BackingClass::kMmio:
      // vfio-pci marks its BAR mappings VM_ALLOW_ANY_UNCACHED, which KVM 6.8+ maps Normal-NC.
      if (f.backing == "host-vfio" && KernelAtLeast(f, 6, 8).value_or(false)) {
        why.push_back(
            "stage 2: a vfio-pci BAR (VM_ALLOW_ANY_UNCACHED): KVM 6.8+ maps it Normal-NC");
        return EffectiveType::kNormalNc;
      }
      why.push_back("stage 2: host MMIO: Device-nGnRE");
      return EffectiveType::kDevice;
    case BackingClass::kDevicePages:
    case BackingClass::kPfnmap:
      break;
  }
  return OutsideLinearMapType(f, ClassifyBacking(f), why);
}

EffectiveType Combine(EffectiveType s1, EffectiveType s2, std::optional<bool> fwb,
                      std::vector<std::string>& why) {
  if (s2 == EffectiveType::kUnknown) return EffectiveType::kUnknown;
  // KVM's FWB stage-2 encoding for memory is "force Normal Write-Back": it overrides every
  // stage-1 type, Device included (seen in the nested A/B: a guest Device mapping of devdax
  // memory takes unaligned loads under a 7.x host).
  if (s2 == EffectiveType::kNormalWb && fwb.value_or(false)) {
    why.push_back("FWB: a Normal-WB stage 2 forces Normal-WB, whatever stage 1 asked for");
    return EffectiveType::kNormalWb;
  }
  const EffectiveType result = Restrictiveness(s1) >= Restrictiveness(s2) ? s1 : s2;
  why.push_back(std::string("combined: the more restrictive wins: ") +
                std::string(ToString(result)) + (fwb ? "" : " (FWB unknown: assumed off)"));
  return result;
}

// The guest's own mapping: as requested, except a VFIO region, whose type vfio-pci chooses.
EffectiveType StageOneType(MemoryAttribute requested, const StageTwoFacts& f,
                           std::vector<std::string>& why) {
  if (f.kind != ManifestRegionKind::kVfio) {
    why.push_back("stage 1: " + std::string(ToString(requested)) + " as requested");
    return EffectiveTypeOf(requested);
  }
  // VM_ALLOW_ANY_UNCACHED (6.8+) on the same VMA matters only to a hypervisor's stage 2.
  why.push_back(
      "stage 1: vfio-pci maps a BAR with pgprot_noncached: Device-nGnRnE, whatever was requested "
      "(its VM_ALLOW_ANY_UNCACHED lets only KVM's stage 2 use Normal-NC)");
  return EffectiveType::kDevice;
}

}  // namespace

ExpectedType ModelExpectedType(MemoryAttribute stage1, const StageTwoFacts& facts) {
  ExpectedType e;
  const EffectiveType s1 = StageOneType(stage1, facts, e.reasoning);
  if (facts.accel == "tcg" || facts.accel == "bare-metal" || facts.accel == "none") {
    e.reasoning.push_back("no stage 2 (" + facts.accel + "): stage 1 decides");
    e.type = s1;
    return e;
  }
  if (facts.accel != "kvm") {
    e.reasoning.push_back("accelerator unknown: assuming no stage-2 override");
    e.type = s1;
    return e;
  }
  // Linux reports cap 243 only on CPUs with FWB (and DIC): cap 243 = 1 tells FWB when the
  // manifest does not.
  std::optional<bool> fwb = facts.fwb;
  if (!fwb && facts.cacheable_pfnmap_cap == true) {
    fwb = true;
    e.reasoning.push_back("FWB: implied by cap 243");
  }
  e.type = Combine(s1, StageTwoType(facts, e.reasoning), fwb, e.reasoning);
  return e;
}

}  // namespace memattr::agent
