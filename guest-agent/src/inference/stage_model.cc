#include "inference/stage_model.h"

#include <cstdio>

namespace memattr::agent {
namespace {

enum class BackingClass { kHostRam, kOutsideLinearMap, kMmio };

BackingClass ClassifyBacking(const StageTwoFacts& f) {
  const std::string& b = f.backing;
  if (b == "dax" || b == "devdax" || b == "host-devdax" || b == "pmem" || b == "pfnmap" ||
      b == "host-pfnmap")
    return BackingClass::kOutsideLinearMap;
  if (b == "mmio" || b == "device" || b == "host-vfio" || (b.empty() && f.kind == ManifestRegionKind::kVfio))
    return BackingClass::kMmio;
  return BackingClass::kHostRam;
}

// Cap 243 from the manifest, else from the host kernel release (6.17 added it).
std::optional<bool> HasCacheablePfnmap(const StageTwoFacts& f) {
  if (f.cacheable_pfnmap_cap) return f.cacheable_pfnmap_cap;
  int major = 0, minor = 0;
  if (std::sscanf(f.host_kernel.c_str(), "%d.%d", &major, &minor) != 2) return std::nullopt;
  return major > 6 || (major == 6 && minor >= 17);
}

// Stage-2 type for KVM; kUnknown when the host facts do not say.
EffectiveType StageTwoType(const StageTwoFacts& f, std::vector<std::string>& why) {
  switch (ClassifyBacking(f)) {
    case BackingClass::kHostRam:
      why.push_back("stage 2: backing '" + (f.backing.empty() ? std::string("host RAM") : f.backing) +
                    "' is in the host's linear map: Normal-WB");
      return EffectiveType::kNormalWb;
    case BackingClass::kMmio:
      why.push_back("stage 2: host MMIO: Device-nGnRE");
      return EffectiveType::kDevice;
    case BackingClass::kOutsideLinearMap: break;
  }
  const std::optional<bool> cap = HasCacheablePfnmap(f);
  if (!cap) {
    why.push_back("stage 2: backing '" + f.backing + "' is outside the linear map and neither cap 243 nor the host kernel is known");
    return EffectiveType::kUnknown;
  }
  why.push_back(*cap ? "stage 2: cacheable PFNMAP supported (cap 243): Normal-WB"
                     : "stage 2: KVM without cap 243 maps non-linear-map memory as Device-nGnRE");
  return *cap ? EffectiveType::kNormalWb : EffectiveType::kDevice;
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
  why.push_back(std::string("combined: the more restrictive wins: ") + std::string(ToString(result)) +
                (fwb ? "" : " (FWB unknown: assumed off)"));
  return result;
}

}  // namespace

ExpectedType ModelExpectedType(MemoryAttribute stage1, const StageTwoFacts& facts) {
  ExpectedType e;
  const EffectiveType s1 = EffectiveTypeOf(stage1);
  e.reasoning.push_back("stage 1: " + std::string(ToString(stage1)) + " as requested");
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
