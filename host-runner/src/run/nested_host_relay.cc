#include "run/nested_host_relay.h"

#include <optional>

#include "memattr/protocol/event_channel.h"
#include "memattr/protocol/host_lines.h"
#include "run/boot_loop.h"

namespace memattr::host {
namespace {

// Opens the port once the results directory exists and hands it every line written there;
// after the loop, says how L1's run ended.
class RelayToL0 : public BootLoopHooks {
 public:
  explicit RelayToL0(std::string port) : port_(std::move(port)) {}
  Status BeforeFirstBoot(ResultsDir& dir) override {
    Result<protocol::EventDestination> relay =
        protocol::OpenEventDestination({.output = "", .virtio_port = port_});
    if (!relay) return Error{"--relay: " + relay.error().message};
    relay_ = *std::move(relay);
    dir.RelayTo(relay_->fd, relay_->description);
    return OkStatus();
  }
  void AfterLastBoot(ResultsDir& dir, RunStatus status) override {
    // L0 reads what it can: a line that does not get there is L0's "never relayed" failure.
    (void)dir.Relay(protocol::ToJson(protocol::NestedRunEnd{.exit_code = ExitCode(status)}).dump() +
                    "\n");
  }

 private:
  std::string port_;
  std::optional<protocol::EventDestination> relay_;  // open for the run's life
};

}  // namespace

Result<RunPlan> PlanAsNestedHost(const RunOptions& o) {
  Result<Scenario> scenario = ParseScenarioFor(o);
  if (!scenario) return scenario.error();
  scenario->accel = AccelChoice::kKvm;  // L2 is what KVM is tested with
  return MakePlan(o, *std::move(scenario));
}

RunOutcome RunAsNestedHost(const RunOptions& o, const std::string& relay_port) {
  Result<RunPlan> plan = PlanAsNestedHost(o);
  if (!plan) return RefusedRun(plan.error().message);
  RelayToL0 relay(relay_port);
  return RunBootLoop(*plan, o, nullptr, &relay);
}

}  // namespace memattr::host
