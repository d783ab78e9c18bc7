#include "matrix/matrix_runner.h"

#include "memattr/protocol/result_events.h"

namespace memattr::agent {
namespace {

bool Broke(const Outcome& o) {
  return o.kind == OutcomeKind::kFault || o.kind == OutcomeKind::kWrongData ||
         o.kind == OutcomeKind::kTimeout;
}

bool Contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

std::string AttributeName(MemoryAttribute attribute) { return std::string(ToString(attribute)); }

struct HostOutcomeWords {
  const char* what;  // prefixes the outcome's reason
  const char* default_detail;
};

HostOutcomeWords WordsFor(HostOutcomeKind kind) {
  switch (kind) {
    case HostOutcomeKind::kStage2Fault:
      return {"stage-2 fault observed by the host",
              "its KVM stopped the VM on this access; no signal reached the guest"};
    case HostOutcomeKind::kTimeout:
      return {"guest hang observed by the host", "no progress from the guest in this probe"};
    case HostOutcomeKind::kGuestCrashed:
      return {"guest crash observed by the host", "the guest died in this probe"};
  }
  return {"observed by the host", ""};
}

class Runner {
 public:
  Runner(const MatrixPlan& plan, CellExecutor& executor, EventSink& sink,
         const MatrixRunOptions& options)
      : plan_(plan), executor_(executor), sink_(sink), options_(options) {
    results_.cells.resize(plan.cells.size());
    for (std::size_t i = 0; i < plan.cells.size(); ++i) {
      results_.cells[i].cell_index = i;
      AddEarlierEvidence(plan.cells[i], results_.cells[i]);
    }
  }

  MatrixResults Run() {
    for (const SkippedMatrixCell& s : plan_.skipped)
      EmitSkip(s.region, s.attribute, s.kernel, s.probe, s.reason);
    for (const ManifestHostOutcome& o : plan_.unplaced_host_outcomes) EmitHostOutcome(o);
    for (std::size_t i = 0; i < plan_.cells.size(); ++i) ProbeCell(i);
    for (std::size_t i = 0; i < plan_.cells.size(); ++i) MeasureCell(i);
    return std::move(results_);
  }

 private:
  // Already in the run's events (the earlier boot streamed it): counted, not streamed again.
  static void AddEarlierEvidence(const MatrixCell& cell, CellResult& result) {
    for (const ManifestEarlierEvidence& e : cell.earlier) {
      if (!e.probe.empty())
        result.probes.push_back({e.probe, Outcome::FromEvent(e.outcome), "", {}});
      else
        result.ns_per_iteration[{e.kernel, e.threads}] = e.ns_per_iteration;
    }
  }

  void EmitSkip(const std::string& region, MemoryAttribute attribute, const std::string& kernel,
                const std::string& probe, const std::string& reason) {
    sink_.Write(protocol::CellSkipped{.region = region,
                                      .attribute = AttributeName(attribute),
                                      .kernel = kernel,
                                      .probe = probe,
                                      .reason = reason});
    ++results_.skipped_cells;
  }

  ProbeEvidence EmitHostOutcome(const ManifestHostOutcome& host) {
    ProbeEvidence evidence = HostObservedEvidence(host);
    sink_.Write(protocol::ProbeOutcome{.region = host.region,
                                       .attribute = AttributeName(host.attribute),
                                       .probe = host.probe,
                                       .outcome = evidence.outcome.ToEvent(),
                                       .source = "host-observed",
                                       .host_outcome = evidence.host_outcome,
                                       .evidence = evidence.host_evidence});
    return evidence;
  }

  bool BudgetLeft() {
    if (!options_.time_budget_seconds || !options_.elapsed_seconds) return true;
    if (options_.elapsed_seconds() < *options_.time_budget_seconds) return true;
    results_.budget_exhausted = true;
    return false;
  }

  std::string BudgetReason() const {
    return "time budget of " + std::to_string(static_cast<long>(*options_.time_budget_seconds)) +
           " s spent";
  }

  std::optional<MappedRegion> MapCell(const MatrixCell& cell, const std::string& what) {
    auto mapping = executor_.Map(cell.spec, cell.attribute);
    if (mapping) return std::move(*mapping);
    EmitSkip(cell.region, cell.attribute, "", "",
             what + ": map via " + cell.route + " failed: " + mapping.error().message);
    ++results_.failed_cells;
    return std::nullopt;
  }

  void ProbeCell(std::size_t index) {
    const MatrixCell& cell = plan_.cells[index];
    for (const ManifestHostOutcome& host : cell.host_outcomes)
      results_.cells[index].probes.push_back(EmitHostOutcome(host));
    if (cell.probes.empty()) return;
    if (!BudgetLeft()) {
      for (const ProbeInfo* p : cell.probes)
        EmitSkip(cell.region, cell.attribute, "", p->name, BudgetReason());
      return;
    }
    std::optional<MappedRegion> mapping = MapCell(cell, "probes");
    if (!mapping) return;
    results_.cells[index].mapped = true;
    for (const ProbeInfo* probe : cell.probes) {
      const std::string attribute = AttributeName(cell.attribute);
      sink_.Write(protocol::ProbeBegin{
          .region = cell.region, .attribute = attribute, .probe = probe->name});
      const Outcome outcome = executor_.Probe(*probe, mapping->bytes());
      protocol::ProbeOutcome done;  // the guest ran it: no host-observed fields
      done.region = cell.region;
      done.attribute = attribute;
      done.probe = probe->name;
      done.outcome = outcome.ToEvent();
      sink_.Write(done);
      ProbeEvidence evidence;
      evidence.probe = probe->name;
      evidence.outcome = outcome;
      results_.cells[index].probes.push_back(std::move(evidence));
    }
  }

  void MeasureCell(std::size_t index) {
    const MatrixCell& cell = plan_.cells[index];
    if (cell.kernels.empty()) return;
    std::optional<MappedRegion> mapping;
    for (const KernelRun& run : cell.kernels) {
      if (!BudgetLeft()) {
        EmitSkip(cell.region, cell.attribute, run.kernel->name, "", BudgetReason());
        continue;
      }
      const std::string guard = KernelGuardReason(*run.kernel, results_.cells[index].probes);
      if (!guard.empty()) {
        EmitSkip(cell.region, cell.attribute, run.kernel->name, "", guard);
        continue;
      }
      if (!mapping && !(mapping = MapCell(cell, "kernels"))) return;
      results_.cells[index].mapped = true;
      Measure(index, run, *mapping);
    }
  }

  void Measure(std::size_t index, const KernelRun& run, const MappedRegion& mapping) {
    const MatrixCell& cell = plan_.cells[index];
    sink_.Write(protocol::MeasurementBegin{.region = cell.region,
                                           .attribute = AttributeName(cell.attribute),
                                           .kernel = run.kernel->name,
                                           .threads = run.threads});
    auto ns = executor_.Measure(cell, run, mapping, sink_);
    if (!ns) {
      EmitSkip(cell.region, cell.attribute, run.kernel->name, "",
               "measurement failed: " + ns.error().message);
      ++results_.failed_cells;
      return;
    }
    results_.cells[index].ns_per_iteration[{run.kernel->name, run.threads}] = *ns;
    // The figure inference uses: the host gives it back to a later boot if this one dies.
    sink_.Write(protocol::MeasurementEnd{.region = cell.region,
                                         .attribute = AttributeName(cell.attribute),
                                         .kernel = run.kernel->name,
                                         .threads = run.threads,
                                         .ns_per_iteration = *ns});
  }

  const MatrixPlan& plan_;
  CellExecutor& executor_;
  EventSink& sink_;
  const MatrixRunOptions& options_;
  MatrixResults results_;
};

}  // namespace

ProbeEvidence HostObservedEvidence(const ManifestHostOutcome& host) {
  const HostOutcomeWords words = WordsFor(host.outcome);
  const std::string reason = std::string(words.what) + ": " +
                             (host.description.empty() ? words.default_detail : host.description);
  ProbeEvidence evidence{host.probe, Outcome::Failed(reason), std::string(ToString(host.outcome)),
                         host.evidence};
  if (host.outcome == HostOutcomeKind::kStage2Fault)
    evidence.outcome = Outcome::FaultWithoutSignal(reason);
  if (host.outcome == HostOutcomeKind::kTimeout) evidence.outcome = Outcome::Timeout(reason);
  return evidence;
}

std::string KernelGuardReason(const KernelInfo& kernel, const std::vector<ProbeEvidence>& probes) {
  for (const ProbeEvidence& p : probes) {
    if (!Broke(p.outcome)) continue;
    const std::string why = "probe " + p.probe + " " + p.outcome.ToString();
    if (p.outcome.kind == OutcomeKind::kTimeout) return why + ": the mapping may hang";
    if (Contains(p.probe, "unaligned")) continue;  // kernels access aligned data only
    // glibc memset/memcpy use dc zva and unaligned accesses: what they break, the zva probe names.
    if (Contains(p.probe, "memset") || Contains(p.probe, "memcpy")) continue;
    if (Contains(p.probe, "zva")) {
      if (Contains(kernel.name, "zva")) return why;
      continue;
    }
    const bool atomic_probe = Contains(p.probe, "atomic") || Contains(p.probe, "exclusive") ||
                              Contains(p.probe, "lse") || Contains(p.probe, "cas");
    if (atomic_probe) {
      if (kernel.family == KernelFamily::kAtomic || kernel.family == KernelFamily::kExclusive)
        return why;
      continue;
    }
    if (p.outcome.kind == OutcomeKind::kFault) return why + ": plain accesses may fault too";
  }
  return "";
}

MatrixResults RunMatrix(const MatrixPlan& plan, CellExecutor& executor, EventSink& sink,
                        const MatrixRunOptions& options) {
  return Runner(plan, executor, sink, options).Run();
}

}  // namespace memattr::agent
