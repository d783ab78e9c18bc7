#include "metrics_registry.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>

#include <array>
#include <string>

#include "memattr/label_value.h"
#include "memattr/protocol/metric_names.h"
#include "memattr/protocol/vocabulary.h"

namespace memattr::host_export {
using namespace protocol::metric_names;  // NOLINT: the names are this file's vocabulary
namespace {

using prometheus::Family;
using prometheus::Gauge;
using prometheus::Labels;

constexpr auto kOutcomes = protocol::AllWords<protocol::OutcomeKind>();
constexpr auto kVerdicts = protocol::AllWords<protocol::VerdictKind>();

struct Families {
  explicit Families(prometheus::Registry& registry)
      : bandwidth(Make(registry, kBandwidth)),
        latency(Make(registry, kLoadLatency)),
        atomic(Make(registry, kAtomicOperations)),
        exclusive(Make(registry, kExclusiveOperations)),
        exclusive_failures(prometheus::BuildCounter()
                               .Name(kStoreExclusiveFailures)
                               .Help(std::string(HelpFor(kStoreExclusiveFailures)))
                               .Register(registry)),
        probe_outcome(Make(registry, kProbeOutcome)),
        effective_type(Make(registry, kRegionEffectiveType)),
        verdict(Make(registry, kRegionVerdict)),
        region_size(Make(registry, kRegionSize)),
        run_info(Make(registry, kRunInfo)),
        run_duration(Make(registry, kRunDuration)),
        failed_steps(Make(registry, kRunFailedSteps)),
        last_success(Make(registry, kLastSuccess)) {}

  static Family<Gauge>& Make(prometheus::Registry& registry, const char* name) {
    return prometheus::BuildGauge().Name(name).Help(std::string(HelpFor(name))).Register(registry);
  }

  Family<Gauge>& bandwidth;
  Family<Gauge>& latency;
  Family<Gauge>& atomic;
  Family<Gauge>& exclusive;
  Family<prometheus::Counter>& exclusive_failures;
  Family<Gauge>& probe_outcome;
  Family<Gauge>& effective_type;
  Family<Gauge>& verdict;
  Family<Gauge>& region_size;
  Family<Gauge>& run_info;
  Family<Gauge>& run_duration;
  Family<Gauge>& failed_steps;
  Family<Gauge>& last_success;
};

// Every label set is built by these two, so every value passes the one label value rule
// (memattr/label_value.h): a region has the same value in every metric.
Labels With(Labels labels, std::initializer_list<std::pair<const char*, std::string>> more) {
  for (const auto& [key, value] : more) labels[key] = LabelValue(value);
  return labels;
}

// The run's identity and the scenario's own labels, on every series.
Labels RunLabels(const ExportedRunFacts& facts) {
  Labels labels;
  for (const auto& [key, value] : facts.labels) labels[key] = LabelValue(value);
  return With(std::move(labels), {{kLabelScenario, facts.scenario},
                                  {kLabelHost, facts.host},
                                  {kLabelHostKernel, facts.host_kernel},
                                  {kLabelGuestKernel, facts.guest_kernel},
                                  {kLabelAccel, facts.accel}});
}

void SetGauge(Family<Gauge>& family, const Labels& labels, std::optional<double> value) {
  if (value) family.Add(labels).Set(*value);
}

void AddCells(Families& f, const RunMetrics& run, const Labels& base) {
  for (const CellMetrics& cell : run.cells) {
    const Labels labels = With(base, {{kLabelRegion, cell.key.region},
                                      {kLabelBacking, cell.key.backing},
                                      {kLabelAttribute, cell.key.attribute},
                                      {kLabelKernel, cell.key.kernel},
                                      {kLabelThreads, cell.key.threads}});
    SetGauge(f.bandwidth, labels, cell.bytes_per_second);
    SetGauge(f.latency, labels, cell.load_latency_seconds);
    SetGauge(f.atomic, labels, cell.atomic_operations_per_second);
    SetGauge(f.exclusive, labels, cell.exclusive_operations_per_second);
    if (cell.store_exclusive_failures) {
      auto& counter = f.exclusive_failures.Add(labels);
      counter.Increment(*cell.store_exclusive_failures - counter.Value());
    }
  }
}

void AddProbes(Families& f, const RunMetrics& run, const Labels& base) {
  for (const ProbeMetrics& probe : run.probes) {
    const Labels labels = With(base, {{kLabelRegion, probe.region},
                                      {kLabelBacking, probe.backing},
                                      {kLabelAttribute, probe.attribute},
                                      {kLabelProbe, probe.probe}});
    for (std::string_view outcome : kOutcomes) {
      f.probe_outcome.Add(With(labels, {{kLabelOutcome, std::string(outcome)}}))
          .Set(outcome == probe.outcome ? 1 : 0);
    }
    if (std::find(kOutcomes.begin(), kOutcomes.end(), probe.outcome) == kOutcomes.end()) {
      f.probe_outcome.Add(With(labels, {{kLabelOutcome, probe.outcome}})).Set(1);  // unknown kind
    }
  }
}

void AddVerdicts(Families& f, const RunMetrics& run, const Labels& base) {
  for (const VerdictMetrics& v : run.verdicts) {
    const Labels labels = With(
        base,
        {{kLabelRegion, v.region}, {kLabelBacking, v.backing}, {kLabelAttribute, v.attribute}});
    f.effective_type
        .Add(With(labels, {{kLabelInferred, v.inferred},
                           {kLabelExpected, v.expected},
                           {kLabelVerdict, v.verdict}}))
        .Set(1);
    for (std::string_view verdict : kVerdicts) {
      f.verdict.Add(With(labels, {{kLabelVerdict, std::string(verdict)}}))
          .Set(verdict == v.verdict ? 1 : 0);
    }
  }
}

void AddRun(Families& f, const RunMetrics& run) {
  const Labels base = RunLabels(run.facts);
  const ExportedRunFacts& facts = run.facts;
  f.run_info
      .Add(With(base, {{kLabelQemuVersion, facts.qemu_version},
                       {kLabelCacheablePfnmap, facts.cacheable_pfnmap},
                       {kLabelFwb, facts.fwb},
                       {kLabelArch, facts.arch},
                       {kLabelStatus, facts.status},
                       {kLabelTimings, facts.timings}}))
      .Set(1);
  f.run_duration.Add(base).Set(facts.duration_seconds);
  f.failed_steps.Add(base).Set(static_cast<double>(run.failed_steps));
  if (facts.status == protocol::ToString(protocol::RunStatus::kOk) && facts.end_time_seconds > 0) {
    f.last_success.Add(base).Set(facts.end_time_seconds);
  }
  for (const RegionMetrics& region : run.regions) {
    f.region_size
        .Add(With(base, {{kLabelRegion, region.name},
                         {kLabelRegionKind, region.kind},
                         {kLabelBacking, region.backing}}))
        .Set(static_cast<double>(region.size_bytes));
  }
  AddCells(f, run, base);
  AddProbes(f, run, base);
  AddVerdicts(f, run, base);
}

}  // namespace

std::span<const std::string_view> OutcomeKinds() { return kOutcomes; }
std::span<const std::string_view> VerdictKinds() { return kVerdicts; }

std::shared_ptr<prometheus::Registry> BuildRegistry(std::span<const RunMetrics> runs) {
  auto registry = std::make_shared<prometheus::Registry>();
  Families families(*registry);
  for (const RunMetrics& run : runs) AddRun(families, run);
  return registry;
}

}  // namespace memattr::host_export
