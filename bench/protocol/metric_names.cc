#include "memattr/protocol/metric_names.h"

#include <utility>

namespace memattr::protocol::metric_names {

std::string_view HelpFor(std::string_view metric_name) {
  static constexpr std::pair<std::string_view, std::string_view> kHelp[] = {
      {kBandwidth, "Streaming kernel bandwidth, median over repetitions"},
      {kLoadLatency, "Dependent-load latency of a pointer chase, median over repetitions"},
      {kAtomicOperations, "LSE atomic operations per second, median over repetitions"},
      {kExclusiveOperations, "Load/store-exclusive operations per second, median over repetitions"},
      {kStoreExclusiveFailures, "Failed store-exclusives, summed over repetitions"},
      {kProbeOutcome, "1 for the outcome a correctness probe had, 0 for the other outcomes"},
      {kRegionEffectiveType, "Requested, inferred and expected memory type of a region mapping"},
      {kRegionVerdict, "1 for the verdict on a region mapping, 0 for the other verdicts"},
      {kRegionSize, "Size of a region as the guest sees it"},
      {kRunInfo, "Facts about the run: QEMU version, KVM cap 243, FWB, arch, status, timings"},
      {kRunDuration, "Wall-clock duration of the run"},
      {kRunFailedSteps, "Steps of the run that failed (guest crash, hang) and were restarted"},
      {kLastSuccess, "Unix time at which the run ended, for runs with status ok"},
  };
  for (const auto& [name, help] : kHelp) {
    if (name == metric_name) return help;
  }
  return {};
}

}  // namespace memattr::protocol::metric_names
