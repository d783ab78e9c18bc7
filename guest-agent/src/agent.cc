#include "agent.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "inference/effective_type_inference.h"
#include "inference/verdict_builder.h"
#include "manifest/manifest_reader.h"
#include "matrix/matrix_runner.h"

namespace memattr::agent {
namespace {

template <typename Info>
Result<std::vector<const Info*>> Resolve(const std::vector<std::string>& names,
                                         const std::vector<Info>& all, const std::string& field,
                                         const std::string& source,
                                         const std::string& subfield = "") {
  std::vector<const Info*> out;
  if (names.empty()) {
    for (const Info& info : all) out.push_back(&info);
    return out;
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    const Info* found = nullptr;
    for (const Info& info : all)
      if (info.name == names[i]) found = &info;
    if (found) {
      out.push_back(found);
      continue;
    }
    std::string known;
    for (const Info& info : all) known += (known.empty() ? "" : ", ") + info.name;
    return Error{source + ": " + field + "[" + std::to_string(i) + "]" + subfield +
                 ": unknown name '" + names[i] + "' (known: " + known + ")"};
  }
  return out;
}

protocol::RegionFound RegionEvent(const DiscoveredRegion& r, const MatrixOptions& options) {
  std::vector<std::string> attributes;
  for (MemoryAttribute a : AllMemoryAttributes())
    if (RouteAttribute(r, a, options)) attributes.push_back(std::string(ToString(a)));
  return {{.name = r.name,
           .kind = std::string(ToString(r.kind)),
           .backing = r.backing,
           .path = r.spec.path.string(),
           .size_bytes = r.size_bytes,
           .numa_node = r.numa_node,
           .attributes = attributes,
           .notes = r.notes}};
}

protocol::VerdictEvent VerdictEvent(const Verdict& v) {
  return {.region = v.region,
          .attribute = std::string(ToString(v.requested)),
          .inferred = std::string(ToString(v.inferred)),
          .expected = std::string(ToString(v.expected.type)),
          .verdict = std::string(ToString(v.verdict)),
          .reason = v.reason,
          .evidence = v.evidence,
          .unobservable = v.unobservable,
          .expected_reasoning = v.expected.reasoning};
}

MatrixOptions MakeMatrixOptions(const AgentPlan& plan, const AgentFacts& facts) {
  MatrixOptions m;
  m.module = facts.module_loaded ? ModuleState::kLoaded : ModuleState::kAbsent;
  m.module_device = plan.options.module_device;
  m.regions_from_manifest = plan.manifest.present;
  m.attributes = plan.manifest.attributes;
  m.kernels = plan.kernels;
  m.probes = plan.probes;
  m.threads = plan.manifest.threads;
  m.host_skips = plan.manifest.skip_cells;
  m.host_outcomes = plan.manifest.host_outcomes;
  m.earlier_evidence = plan.manifest.earlier_evidence;
  if (plan.manifest.working_set_bytes) m.working_set_bytes = *plan.manifest.working_set_bytes;
  return m;
}

// The manifest's host facts where it has them; the guest's own view of the accelerator otherwise.
StageTwoFacts HostFactsFor(const Manifest& manifest, const AgentFacts& facts) {
  StageTwoFacts s;
  s.accel = manifest.host.accel.empty() ? facts.accel.accel : manifest.host.accel;
  s.host_kernel = manifest.host.kernel;
  s.cacheable_pfnmap_cap = manifest.host.cacheable_pfnmap_cap;
  s.fwb = manifest.host.fwb;
  return s;
}

}  // namespace

Result<AgentPlan> PrepareAgentPlan(const AgentOptions& options) {
  auto manifest = LoadManifest(options.manifest, options.sysfs_root);
  if (!manifest) return manifest.error();
  auto kernels = Resolve(manifest->kernels, AllKernels(), "kernels", manifest->source);
  if (!kernels) return kernels.error();
  auto probes = Resolve(manifest->probes, AllProbes(), "probes", manifest->source);
  if (!probes) return probes.error();
  std::vector<std::string> host_observed;  // a misspelt probe would be evidence of nothing
  for (const ManifestHostOutcome& o : manifest->host_outcomes) host_observed.push_back(o.probe);
  if (auto known = Resolve(host_observed, AllProbes(), "host_outcomes", manifest->source, ".probe");
      !known)
    return known.error();
  return AgentPlan{options, *std::move(manifest), *std::move(kernels), *std::move(probes)};
}

AgentSummary RunAgent(const AgentPlan& plan, CellExecutor& executor, EventSink& sink,
                      const CommandRunner& run_command) {
  const auto start = std::chrono::steady_clock::now();
  const AgentFacts facts = CollectAgentFacts(
      {plan.options.sysfs_root, plan.options.proc_root, plan.options.module_device});
  sink.Write(protocol::RunStart{
      .facts = facts.json, .labels = plan.manifest.labels, .manifest = plan.manifest.source});
  const DiscoveryResult regions =
      SelectRegions(plan.manifest, {plan.options.sysfs_root, plan.options.dev_root, run_command});
  const MatrixOptions matrix_options = MakeMatrixOptions(plan, facts);
  for (const DiscoveredRegion& r : regions.found) sink.Write(RegionEvent(r, matrix_options));
  for (const SkippedRegion& s : regions.skipped)
    sink.Write(protocol::RegionSkipped{.region = s.name, .reason = s.reason});

  const MatrixPlan matrix = BuildMatrix(regions.found, matrix_options);
  MatrixRunOptions run_options{
      plan.manifest.time_budget_seconds, [start] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      }};
  const MatrixResults results = RunMatrix(matrix, executor, sink, run_options);

  std::map<std::string, int> verdicts;
  const VerdictContext context{ThisArch(), HostFactsFor(plan.manifest, facts)};
  for (const InferenceInput& input :
       BuildInferenceInputs(matrix, results, regions.found, context)) {
    const Verdict v = InferEffectiveType(input);
    ++verdicts[std::string(ToString(v.verdict))];
    sink.Write(VerdictEvent(v));
  }
  AgentSummary summary{kExitOk, "ok", ""};
  if (regions.found.empty()) summary = {kExitFailed, "failed", "no region found to measure"};
  if (results.budget_exhausted) summary.reason = "time budget spent: later cells skipped";
  // Cells planned, none could even map its region: nothing was measured, which is no success.
  const bool none_mapped = std::none_of(results.cells.begin(), results.cells.end(),
                                        [](const CellResult& c) { return c.mapped; });
  if (!results.cells.empty() && none_mapped && results.failed_cells > 0)
    summary = {kExitFailed, "failed", "nothing measured: no cell could map its region"};
  sink.Write(protocol::RunEnd{.status = summary.status,
                              .reason = summary.reason,
                              .counts = {{"regions_found", regions.found.size()},
                                         {"regions_skipped", regions.skipped.size()},
                                         {"cells", matrix.cells.size()},
                                         {"cells_skipped", results.skipped_cells},
                                         {"cells_failed", results.failed_cells},
                                         {"verdicts", verdicts}}});
  return summary;
}

}  // namespace memattr::agent
