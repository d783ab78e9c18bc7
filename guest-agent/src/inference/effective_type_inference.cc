#include "inference/effective_type_inference.h"

#include <cmath>
#include <cstdio>

namespace memattr::agent {
namespace {

enum class ProbeRole { kAlignment, kDcZva, kAtomics, kOther };

ProbeRole RoleOf(const std::string& probe) {
  const auto has = [&](const char* s) { return probe.find(s) != std::string::npos; };
  if (has("unaligned")) return ProbeRole::kAlignment;
  if (has("zva")) return ProbeRole::kDcZva;
  if (has("atomic") || has("exclusive") || has("lse") || has("cas") || has("ldadd"))
    return ProbeRole::kAtomics;
  return ProbeRole::kOther;
}

bool Broke(const Outcome& o) {
  return o.kind == OutcomeKind::kFault || o.kind == OutcomeKind::kWrongData ||
         o.kind == OutcomeKind::kTimeout;
}

bool Emulated(const InferenceInput& in) { return in.stage2.accel == "tcg"; }

// What the probes show about Device vs Normal; also fills atomics_broken.
struct ProbeFindings {
  bool device_fault = false;  // unaligned or dc zva faulted
  bool alignment_ok = false;  // unaligned access worked (meaningful on arm64 only)
  bool atomics_broken = false;
  std::vector<std::string> host_observed;  // "unaligned_load_8 (stage2-fault)": the host saw these
};

// The host's own lines (L1's dmesg, QEMU's error) follow the probe's evidence line.
void AddHostEvidence(const ProbeEvidence& p, ProbeFindings& f, Verdict& v) {
  if (p.host_outcome.empty()) return;
  f.host_observed.push_back(p.probe + " (" + p.host_outcome + ")");
  for (const std::string& line : p.host_evidence) v.evidence.push_back("host: " + line);
}

// One probe's evidence line; records what it shows in `f`.
std::string ReadProbe(const InferenceInput& in, const ProbeEvidence& p, ProbeFindings& f) {
  const ProbeRole role = RoleOf(p.probe);
  const std::string line = p.probe + ": " + p.outcome.ToString();
  if (p.outcome.kind == OutcomeKind::kSkipped || p.outcome.kind == OutcomeKind::kError)
    return line + " (no evidence)";
  if (role == ProbeRole::kAlignment && in.arch == Arch::kX86_64)
    return line + " (x86_64 never faults on unaligned access: no evidence)";
  if ((role == ProbeRole::kAlignment || role == ProbeRole::kDcZva) &&
      p.outcome.kind == OutcomeKind::kFault) {
    f.device_fault = true;
    return line + " => Device";
  }
  if (role == ProbeRole::kAlignment && p.outcome.ok()) {
    f.alignment_ok = true;
    return line + " => Normal";
  }
  if (role == ProbeRole::kAtomics && Broke(p.outcome)) {
    f.atomics_broken = true;
    return line + " => atomics broken";
  }
  return line;
}

ProbeFindings ReadProbes(const InferenceInput& in, Verdict& v) {
  ProbeFindings f;
  for (const ProbeEvidence& p : in.probes) {
    v.evidence.push_back(ReadProbe(in, p, f));
    AddHostEvidence(p, f, v);
  }
  return f;
}

std::string Ratio(double r) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", r);
  return buffer;
}

// Cacheable (normal-wb), uncached (normal-nc or device) or nothing, from the timing.
std::optional<EffectiveType> ReadTiming(const InferenceInput& in, Verdict& v) {
  if (Emulated(in)) {
    v.unobservable.push_back(
        "timing: TCG emulates memory types without their cost (no Device/NC timing)");
    return std::nullopt;
  }
  if (!in.timing || !in.timing->normal_wb_ns || *in.timing->normal_wb_ns <= 0 ||
      in.timing->cell_ns <= 0) {
    v.unobservable.push_back("timing: no measurement of this cell and of the Normal-WB reference");
    return std::nullopt;
  }
  const TimingEvidence& t = *in.timing;
  const double to_wb = t.cell_ns / *t.normal_wb_ns;
  std::string line = t.kernel + ": " + Ratio(to_wb) + "x the Normal-WB reference";
  std::optional<EffectiveType> result;
  if (to_wb < kCacheableRatio) result = EffectiveType::kNormalWb;
  // Uncached; without a Device reference the clock cannot tell Normal-NC from Device.
  if (to_wb >= kUncachedRatio) result = EffectiveType::kUncached;
  if (t.device_ns && *t.device_ns > 0) {
    const double to_device = t.cell_ns / *t.device_ns;
    line += ", " + Ratio(to_device) + "x the Device-nGnRE reference";
    // Closer (in log space) to the Device reference than to RAM: Device, else Normal-NC.
    const bool nearer_device = std::fabs(std::log(to_device)) < std::fabs(std::log(to_wb));
    if (result != EffectiveType::kNormalWb && nearer_device) result = EffectiveType::kDevice;
    if (result == EffectiveType::kUncached && !nearer_device) result = EffectiveType::kNormalNc;
  }
  v.evidence.push_back(line + (result ? " => " + std::string(ToString(*result)) : " (ambiguous)"));
  return result;
}

void NoteUnobservable(const InferenceInput& in, Verdict& v) {
  if (Emulated(in)) {
    v.unobservable.push_back("dc zva: TCG does not fault DC ZVA on Device memory");
    v.unobservable.push_back(
        "atomics: TCG does not fault or lose atomics/exclusives on Device memory");
  }
  if (in.arch == Arch::kX86_64)
    v.unobservable.push_back("alignment: x86_64 has no alignment fault on uncached memory");
}

// Combines the probe class (Device/Normal) with timing (cacheable or not), at the precision
// observed: Normal without a clock is "normal", never a subtype taken from the request.
EffectiveType Decide(const ProbeFindings& f, std::optional<EffectiveType> timing) {
  if (f.device_fault) return EffectiveType::kDevice;
  if (f.alignment_ok) {
    if (!timing) return EffectiveType::kNormal;
    if (timing == EffectiveType::kNormalWb) return EffectiveType::kNormalWb;
    return EffectiveType::kNormalNc;  // Normal by the probe, uncached by the clock
  }
  return timing.value_or(EffectiveType::kUnknown);
}

std::string Name(EffectiveType t) { return std::string(ToString(t)); }

// The inferred type for a reason: "normal (subtype unobserved: Normal-WB or Normal-NC)".
std::string Observed(EffectiveType t) {
  const std::string_view open = UnobservedPart(t);
  return Name(t) + (open.empty() ? "" : " (" + std::string(open) + ")");
}

// The model's decisive step for the reason: its stage-2 line ("stage 2: KVM without cap 243 ...").
std::string StageTwoStep(const ExpectedType& e) {
  for (const std::string& line : e.reasoning)
    if (line.rfind("stage 2:", 0) == 0 || line.rfind("no stage 2", 0) == 0)
      return " (" + line + ")";
  return "";
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// Relative to the request: more restrictive is degraded; the model says whether that was
// predicted (e.g. KVM before cap 243) and explains a less restrictive result (FWB).
void JudgeAgainstRequest(Verdict& v) {
  const EffectiveType requested = EffectiveTypeOf(v.requested);
  const bool model_known = v.expected.type != EffectiveType::kUnknown;
  const bool predicted = Consistent(v.inferred, v.expected.type);
  // A partial observation matches the model without confirming its subtype: say which it was.
  const std::string what = v.inferred == v.expected.type ? "it" : Name(v.expected.type);
  const std::string model =
      !model_known ? "the stage-2 model lacks host facts (accel, cap 243, host kernel)"
      : predicted  ? "the stage-1 x stage-2 model predicts " + what + StageTwoStep(v.expected)
                   : "the model expected " + Name(v.expected.type);
  // A partial observation the model's full type is consistent with is judged by that type: a
  // Normal-WB request on a BAR KVM maps Normal-NC stays degraded when WB vs NC is unobservable.
  const EffectiveType judged = predicted ? v.expected.type : v.inferred;
  if (Restrictiveness(judged) > Restrictiveness(requested)) {
    v.verdict = VerdictKind::kDegraded;
    v.reason = Name(requested) + " requested, behaves as " + Observed(v.inferred) + "; " + model;
  } else if (predicted || (!model_known && Consistent(v.inferred, requested))) {
    v.verdict = VerdictKind::kAsExpected;
    v.reason = "behaves as " + Observed(v.inferred) + "; " + model;
  } else {
    v.reason = "behaves as " + Observed(v.inferred) +
               ", less restrictive than requested or modelled; " + model;
  }
}

void Judge(const ProbeFindings& f, Verdict& v) {
  const bool should_support_atomics = v.requested == MemoryAttribute::kNormalWb ||
                                      v.expected.type == EffectiveType::kNormalWb ||
                                      v.inferred == EffectiveType::kNormalWb;
  if (f.atomics_broken && should_support_atomics) {
    v.verdict = VerdictKind::kUnsafe;
    v.reason = "atomics or exclusives broke on a mapping that should support them";
  } else if (v.inferred == EffectiveType::kUnknown) {
    v.reason = "no probe or timing evidence decides the type";
  } else {
    JudgeAgainstRequest(v);
  }
  if (f.atomics_broken && v.verdict != VerdictKind::kUnsafe)
    v.evidence.push_back("atomics broke, which Device memory permits");
}

}  // namespace

std::string_view ToString(VerdictKind kind) {
  switch (kind) {
    case VerdictKind::kAsExpected:
      return "as-expected";
    case VerdictKind::kDegraded:
      return "degraded";
    case VerdictKind::kUnsafe:
      return "unsafe";
    case VerdictKind::kInconclusive:
      return "inconclusive";
  }
  return "invalid";
}

Verdict InferEffectiveType(const InferenceInput& input) {
  Verdict v;
  v.region = input.region;
  v.requested = input.requested;
  v.expected = ModelExpectedType(input.requested, input.stage2);
  const ProbeFindings findings = ReadProbes(input, v);
  const std::optional<EffectiveType> timing = ReadTiming(input, v);
  NoteUnobservable(input, v);
  v.inferred = Decide(findings, timing);
  if (!UnobservedPart(v.inferred).empty())
    v.evidence.push_back("inferred '" + Name(v.inferred) +
                         "': " + std::string(UnobservedPart(v.inferred)) +
                         ", no probe or timing here separates them");
  Judge(findings, v);
  if (!findings.host_observed.empty())
    v.reason +=
        "; observed by the host: " + Joined(findings.host_observed) + " took the guest down";
  if (!v.unobservable.empty() && v.verdict != VerdictKind::kInconclusive)
    v.reason += "; rests only on what this platform can show";
  return v;
}

}  // namespace memattr::agent
