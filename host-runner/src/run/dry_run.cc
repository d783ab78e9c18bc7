#include "run/dry_run.h"

#include "libvirt/domain_xml.h"
#include "run/nested_host_relay.h"
#include "run/nested_runner.h"
#include "run/run_plan.h"
#include "scenario/guest_layout.h"
#include "vm/qemu_command.h"

namespace memattr::host {
namespace {

namespace fs = std::filesystem;

// The domain XML the libvirt launcher would define, and what it could not express natively.
RunOutcome DryRunDomain(const RunPlan& plan, const RunOptions& o, const GuestLayout& layout,
                        const QemuPaths& paths, const fs::path& results, RunOutcome outcome) {
  const Result<DomainXml> d = RenderDomainXml(plan.scenario, layout, plan.accel,
                                              DomainPathsForBoot(plan, paths, results, 1));
  if (!d) {
    outcome.messages.push_back("--connect " + o.connect_uri + ": " + d.error().message);
    outcome.status = RunStatus::kBadInput;
    return outcome;
  }
  for (const std::string& p : d->passthrough)
    outcome.messages.push_back("<qemu:commandline> (domain tainted): " + p);
  for (const std::string& p : d->substitutions) outcome.messages.push_back("note: " + p);
  outcome.report = d->xml;
  return outcome;
}

RunOutcome DryRun(const RunPlan& plan, const RunOptions& o) {
  const fs::path results = o.results_dir.empty() ? fs::path("RESULTS_DIR") : o.results_dir;
  RunOutcome outcome;
  auto image = LoadImage(plan.image_dir);
  if (!image) outcome.messages.push_back("note: " + image.error().message);
  for (const SkippedRegion& s : plan.selection.skipped)
    outcome.messages.push_back("skip region " + s.name + ": " + s.reason);
  const Result<GuestLayout> layout = PlanGuestLayout(plan.scenario, fs::absolute(results));
  if (!layout) {
    outcome.messages.push_back(layout.error().message);
    outcome.status = RunStatus::kBadInput;
    return outcome;
  }
  const QemuPaths paths = PathsForBoot(plan, image ? *image : PlaceholderImage(plan.image_dir),
                                       fs::absolute(results), 1, "EVENTS_SOCKET");
  if (!o.connect_uri.empty())
    return DryRunDomain(plan, o, *layout, paths, results, std::move(outcome));
  for (const std::string& a : BuildQemuArgv(plan.scenario, *layout, plan.accel, paths))
    outcome.report += a + "\n";
  return outcome;
}

}  // namespace

RunOutcome DryRunScenario(const RunOptions& o) {
  Result<Scenario> scenario = ParseScenarioFor(o);
  if (!scenario) return RefusedRun(scenario.error().message);
  if (scenario->nested) return DryRunNestedScenario(o, *scenario);
  Result<RunPlan> plan = MakePlan(o, *std::move(scenario));
  if (!plan) return RefusedRun(plan.error().message);
  return DryRun(*plan, o);
}

RunOutcome DryRunAsNestedHost(const RunOptions& o) {
  Result<RunPlan> plan = PlanAsNestedHost(o);
  if (!plan) return RefusedRun(plan.error().message);
  return DryRun(*plan, o);
}

}  // namespace memattr::host
