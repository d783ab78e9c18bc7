// Infers how a mapping really behaves from probe outcomes and timing ratios, compares it with
// the stage-1 x stage-2 model, and gives a verdict. Pure: same evidence, same verdict.
//   Verdict v = InferEffectiveType({.requested = MemoryAttribute::kNormalWb, .probes = {...}});
//   v.inferred == EffectiveType::kDevice && v.verdict == VerdictKind::kDegraded
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "inference/effective_type.h"
#include "inference/stage_model.h"
#include "memattr/kernel_catalog.h"
#include "memattr/memory_attribute.h"
#include "memattr/outcome.h"

namespace memattr::agent {

using protocol::VerdictKind;  // "as-expected", "degraded", "unsafe", "inconclusive"

struct ProbeEvidence {
  std::string probe;  // "unaligned_load_8", "dc_zva", "exclusive_loop", "atomic_ldadd", ...
  Outcome outcome;
  // "" = the guest ran the probe; else the host saw it take the guest down (manifest
  // host_outcomes: "stage2-fault", "timeout", "guest-crashed") and these are its lines.
  std::string host_outcome;
  std::vector<std::string> host_evidence;
};

// One timing figure of the cell and the two references, same kernel and threads, same run.
struct TimingEvidence {
  std::string kernel;
  double cell_ns = 0;                  // time per iteration on this cell
  std::optional<double> normal_wb_ns;  // guest RAM, normal-wb
  std::optional<double> device_ns;     // a BAR mapped device-ngnre
};

struct InferenceInput {
  std::string region;
  MemoryAttribute requested = MemoryAttribute::kNormalWb;
  Arch arch = Arch::kAarch64;
  StageTwoFacts stage2;  // accel decides whether timing means anything
  std::vector<ProbeEvidence> probes;
  std::optional<TimingEvidence> timing;
};

struct Verdict {
  std::string region;
  MemoryAttribute requested = MemoryAttribute::kNormalWb;
  EffectiveType inferred = EffectiveType::kUnknown;
  ExpectedType expected;
  VerdictKind verdict = VerdictKind::kInconclusive;
  std::string reason;  // why this verdict, one sentence
  std::vector<std::string> evidence;
  std::vector<std::string> unobservable;
};

// Timing below this ratio to Normal-WB counts as cacheable, above kUncachedRatio as uncached.
inline constexpr double kCacheableRatio = 2.0;
inline constexpr double kUncachedRatio = 4.0;

Verdict InferEffectiveType(const InferenceInput& input);

}  // namespace memattr::agent
