#include "run/run_plan.h"

#include <unistd.h>

namespace memattr::host {
namespace {

namespace fs = std::filesystem;

// --label KEY=VALUE: the host's labels join the scenario's; one key set by both is refused.
Status AddHostLabels(const RunOptions& o, Scenario& scenario) {
  for (const auto& [key, value] : o.host_labels) {
    const auto [it, added] = scenario.labels.emplace(key, value);
    if (!added && it->second != value)
      return Error{"--label " + key + "=" + value + ": the scenario " + o.scenario_file.string() +
                   " sets " + key + "=" + it->second};
  }
  return OkStatus();
}

}  // namespace

Result<GuestImage> LoadImage(const fs::path& image_dir) {
  const fs::path env = image_dir / "image.env";
  if (!fs::exists(env))
    return Error{env.string() + ": no guest image (run `memattr-host image build` first)"};
  return ReadGuestImage(env);
}

Result<Scenario> ParseScenarioFor(const RunOptions& o) {
  Result<Scenario> scenario = ParseScenarioFile(o.scenario_file);
  if (!scenario || o.connect_uri.empty()) return scenario;
  if (const Status s = CheckLibvirtCanLaunch(*scenario); !s)
    return Error{"--connect " + o.connect_uri + ": " + s.error().message};
  return scenario;
}

Result<RunPlan> MakePlan(const RunOptions& o, Scenario scenario) {
  if (const Status s = AddHostLabels(o, scenario); !s) return s.error();
  Result<QemuCapabilities> caps = ProbeQemu(o.qemu);
  if (!caps) return caps.error();
  Result<AccelProfile> accel = SelectAccel(scenario.accel, DetectHostPlatform(), *caps);
  if (!accel) return Error{o.scenario_file.string() + ": " + accel.error().message};
  if (const Status paths = CheckRegionPaths(scenario); !paths) return paths.error();
  RegionSelection sel =
      SelectRegions(scenario, *caps, {.check_host = true, .sysfs_root = o.sysfs_root});
  if (sel.scenario.regions.empty())
    return Error{o.scenario_file.string() + ": regions: none can be set up on this host (" +
                 sel.skipped.front().name + ": " + sel.skipped.front().reason + ")"};
  fs::path image = !o.image_dir.empty()      ? o.image_dir
                   : !scenario.image.empty() ? scenario.image
                                             : fs::path(kDefaultImageDir);
  return RunPlan{sel.scenario, sel, *caps, *accel, image};
}

QemuPaths PathsForBoot(const RunPlan& plan, const GuestImage& image, const fs::path& results,
                       int boot, const fs::path& socket) {
  return {.binary = plan.caps.binary,
          .firmware = image.firmware,
          .kernel = image.kernel,
          .initrd = image.initrd,
          .kernel_append = "console=ttyAMA0 panic=-1",
          .manifest = results / ("manifest-" + std::to_string(boot) + ".json"),
          .console_log = results / ("console-" + std::to_string(boot) + ".log"),
          .events_socket = socket};
}

DomainPaths DomainPathsForBoot(const RunPlan& plan, const QemuPaths& q, const fs::path& results,
                               int boot) {
  return {.name = "memattr-" + plan.scenario.name + "-" + std::to_string(::getpid()) + "-" +
                  std::to_string(boot),
          .emulator = q.binary,
          .firmware_code = fs::absolute(results) / "QEMU_EFI-pflash.raw",
          .firmware_vars = fs::absolute(results) / ("vars-" + std::to_string(boot) + ".fd"),
          .kernel = q.kernel,
          .initrd = q.initrd,
          .kernel_append = q.kernel_append,
          .manifest = q.manifest};
}

}  // namespace memattr::host
