// Every Prometheus metric name and label key memattr exports (STYLE R12), in one place.
// Names carry the memattr_ prefix and a base unit; counters end in _total; *_info gauges are 1.
// Labels are bounded: never run ids, addresses or timestamps.
//   registry.Add(BuildGauge().Name(kBandwidth).Help(HelpFor(kBandwidth)))
//   metric_names_test.cc (host-runner) checks each name with prometheus::CheckMetricName.
#pragma once

#include <array>
#include <string_view>

namespace memattr::protocol::metric_names {

// --- Metric names ----------------------------------------------------------------------------
// Per benchmark cell (labels: kRunLabels + kCellLabels); median over repetitions.
inline constexpr char kBandwidth[] = "memattr_bandwidth_bytes_per_second";
inline constexpr char kLoadLatency[] = "memattr_load_latency_seconds";
inline constexpr char kAtomicOperations[] = "memattr_atomic_operations_per_second";
inline constexpr char kExclusiveOperations[] = "memattr_exclusive_operations_per_second";
// Counter: sum over repetitions of stxr_failures x iterations.
inline constexpr char kStoreExclusiveFailures[] = "memattr_store_exclusive_failures_total";
// Per probe (labels: kRunLabels + region, backing, attribute, probe, outcome): 1 for the
// observed outcome, 0 for every other outcome kind ("a gauge per outcome").
inline constexpr char kProbeOutcome[] = "memattr_probe_outcome";
// Per region and requested attribute: 1, labels say requested/inferred/expected/verdict;
// inferred is at the precision observed ("normal": WB vs NC unobserved, as under TCG).
inline constexpr char kRegionEffectiveType[] = "memattr_region_effective_type_info";
// Per region and requested attribute: 1 for the verdict given, 0 for the other verdicts.
inline constexpr char kRegionVerdict[] = "memattr_region_verdict";
inline constexpr char kRegionSize[] = "memattr_region_size_bytes";
// Per run (labels: kRunLabels).
inline constexpr char kRunInfo[] =
    "memattr_run_info";  // + qemu, cap 243, fwb, arch, status, timings
inline constexpr char kRunDuration[] = "memattr_run_duration_seconds";
inline constexpr char kRunFailedSteps[] = "memattr_run_failed_steps";
inline constexpr char kLastSuccess[] = "memattr_last_success_timestamp_seconds";

inline constexpr std::array<std::string_view, 13> kAllMetricNames = {kBandwidth,
                                                                     kLoadLatency,
                                                                     kAtomicOperations,
                                                                     kExclusiveOperations,
                                                                     kStoreExclusiveFailures,
                                                                     kProbeOutcome,
                                                                     kRegionEffectiveType,
                                                                     kRegionVerdict,
                                                                     kRegionSize,
                                                                     kRunInfo,
                                                                     kRunDuration,
                                                                     kRunFailedSteps,
                                                                     kLastSuccess};

// --- Label keys ------------------------------------------------------------------------------
inline constexpr char kLabelScenario[] = "scenario";
inline constexpr char kLabelHost[] = "host";
inline constexpr char kLabelHostKernel[] = "host_kernel";
inline constexpr char kLabelGuestKernel[] = "guest_kernel";
inline constexpr char kLabelAccel[] = "accel";
inline constexpr char kLabelRegion[] = "region";
inline constexpr char kLabelRegionKind[] = "region_kind";
inline constexpr char kLabelBacking[] = "backing";
inline constexpr char kLabelAttribute[] = "attribute";  // requested
inline constexpr char kLabelKernel[] = "kernel";        // benchmark kernel, e.g. stream_read_simd
inline constexpr char kLabelThreads[] = "threads";
inline constexpr char kLabelProbe[] = "probe";
inline constexpr char kLabelOutcome[] = "outcome";
inline constexpr char kLabelInferred[] = "inferred";
inline constexpr char kLabelExpected[] = "expected";
inline constexpr char kLabelVerdict[] = "verdict";
inline constexpr char kLabelQemuVersion[] = "qemu_version";
inline constexpr char kLabelCacheablePfnmap[] =
    "cacheable_pfnmap";  // KVM cap 243: 1, 0, unavailable
inline constexpr char kLabelFwb[] = "fwb";
inline constexpr char kLabelArch[] = "arch";
inline constexpr char kLabelStatus[] = "status";
inline constexpr char kLabelTimings[] = "timings";  // "hardware" or "emulated (TCG)"
// Pushgateway grouping key (job/instance/scenario).
inline constexpr char kLabelJob[] = "job";
inline constexpr char kLabelInstance[] = "instance";

// Labels every series carries, identifying the run without naming it.
inline constexpr std::array<std::string_view, 5> kRunLabels = {
    kLabelScenario, kLabelHost, kLabelHostKernel, kLabelGuestKernel, kLabelAccel};
// Labels of one benchmark cell.
inline constexpr std::array<std::string_view, 5> kCellLabels = {
    kLabelRegion, kLabelBacking, kLabelAttribute, kLabelKernel, kLabelThreads};

inline constexpr std::array<std::string_view, 24> kAllLabelNames = {
    kLabelScenario,    kLabelHost,        kLabelHostKernel,
    kLabelGuestKernel, kLabelAccel,       kLabelRegion,
    kLabelRegionKind,  kLabelBacking,     kLabelAttribute,
    kLabelKernel,      kLabelThreads,     kLabelProbe,
    kLabelOutcome,     kLabelInferred,    kLabelExpected,
    kLabelVerdict,     kLabelQemuVersion, kLabelCacheablePfnmap,
    kLabelFwb,         kLabelArch,        kLabelStatus,
    kLabelTimings,     kLabelJob,         kLabelInstance};

// Label keys that must never appear: unbounded values (STYLE R12).
inline constexpr std::array<std::string_view, 6> kForbiddenLabelNames = {
    "run_id", "address", "timestamp", "time", "pid", "path"};

// A scenario label's key every series may carry (scenario `labels`): a Prometheus label name
// ([a-zA-Z_][a-zA-Z0-9_]*, not "__..."), neither one of memattr's own keys nor a forbidden one.
inline bool IsUserLabelName(std::string_view name) {
  const auto word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  if (name.empty() || (name[0] >= '0' && name[0] <= '9') || name.rfind("__", 0) == 0) return false;
  for (char c : name)
    if (!word(c)) return false;
  for (std::string_view taken : kAllLabelNames)
    if (name == taken) return false;
  for (std::string_view forbidden : kForbiddenLabelNames)
    if (name == forbidden) return false;
  return true;
}

// One line of help per metric name; empty for a name not listed above.
std::string_view HelpFor(std::string_view metric_name);

}  // namespace memattr::protocol::metric_names
