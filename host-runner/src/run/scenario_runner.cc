#include "run/scenario_runner.h"

#include <memory>

#include "libvirt/domain_xml.h"
#include "libvirt/libvirt_session.h"
#include "libvirt/libvirt_version.h"
#include "run/boot_loop.h"
#include "run/nested_runner.h"
#include "run/run_plan.h"
#include "scenario/guest_layout.h"

namespace memattr::host {
namespace {

// A scenario piece libvirt cannot express is refused before anything connects or is created;
// then the connection (an unreachable URI, refused auth: refused here), then a libvirt too old
// for one of the scenario's pieces (the session closes with nothing started).
Result<std::unique_ptr<LibvirtSession>> OpenLibvirtForPlan(const RunPlan& plan,
                                                           const RunOptions& o) {
  const Result<GuestLayout> layout = PlanGuestLayout(plan.scenario, "/");
  if (!layout) return layout.error();
  const QemuPaths paths = PathsForBoot(plan, PlaceholderImage(plan.image_dir), "/", 1, "");
  if (const Result<DomainXml> d = RenderDomainXml(plan.scenario, *layout, plan.accel,
                                                  DomainPathsForBoot(plan, paths, "/", 1));
      !d)
    return Error{"--connect " + o.connect_uri + ": " + d.error().message};
  Result<std::unique_ptr<LibvirtSession>> session = LibvirtSession::Open(o.connect_uri);
  if (!session) return session;
  const int hook = plan.scenario.test_hooks.libvirt_version;
  const unsigned long version =
      hook > 0 ? static_cast<unsigned long>(hook) : (*session)->facts().libvirt_version_number;
  if (const Status s = CheckLibvirtVersion(plan.scenario, version); !s)
    return Error{"--connect " + o.connect_uri + ": " + s.error().message};
  return session;
}

}  // namespace

RunOutcome RunScenario(const RunOptions& o) {
  Result<Scenario> scenario = ParseScenarioFor(o);
  if (!scenario) return RefusedRun(scenario.error().message);
  if (scenario->nested) return RunNestedScenario(o, *scenario);  // L1's memattr-host runs it
  Result<RunPlan> plan = MakePlan(o, *std::move(scenario));
  if (!plan) return RefusedRun(plan.error().message);
  std::unique_ptr<LibvirtSession> libvirt;
  if (!o.connect_uri.empty()) {
    Result<std::unique_ptr<LibvirtSession>> session = OpenLibvirtForPlan(*plan, o);
    if (!session) return RefusedRun(session.error().message);
    libvirt = std::move(*session);
  }
  return RunBootLoop(*plan, o, libvirt.get());
}

}  // namespace memattr::host
