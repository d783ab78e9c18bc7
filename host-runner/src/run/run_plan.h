// Everything a run of one scenario decides before its first boot (the QEMU it probed, the
// accelerator, the regions this host can give, the image directory), and the per-boot paths
// derived from it.
//   Result<Scenario> scenario = ParseScenarioFor(options);
//   Result<RunPlan> plan = MakePlan(options, *std::move(scenario));
//   QemuPaths paths = PathsForBoot(*plan, image, results_dir, 1, socket);
#pragma once

#include <filesystem>

#include "backing/region_checks.h"
#include "image/guest_image_builder.h"
#include "libvirt/domain_xml.h"
#include "memattr/result.h"
#include "run/run_options.h"
#include "scenario/scenario.h"
#include "vm/accel_options.h"
#include "vm/qemu_capabilities.h"
#include "vm/qemu_command.h"

namespace memattr::host {

struct RunPlan {
  Scenario scenario;  // usable regions only
  RegionSelection selection;
  QemuCapabilities caps;
  AccelProfile accel;
  std::filesystem::path image_dir;
};

// The scenario file parsed; with --connect, refused up front when libvirt cannot express it.
Result<Scenario> ParseScenarioFor(const RunOptions& o);

// Adds the host's labels, probes QEMU, picks the accelerator and the regions this host can set
// up. Errors: a label both set, no usable accelerator or region (named).
Result<RunPlan> MakePlan(const RunOptions& o, Scenario scenario);

// The guest image of `image_dir`; an error naming image.env when it was not built.
Result<GuestImage> LoadImage(const std::filesystem::path& image_dir);

// Boot `boot`'s files in `results` (manifest-N.json, console-N.log) and the image's.
QemuPaths PathsForBoot(const RunPlan& plan, const GuestImage& image,
                       const std::filesystem::path& results, int boot,
                       const std::filesystem::path& socket);

// The libvirt launcher's paths: the same files as the direct launcher's, plus the pflash pair.
DomainPaths DomainPathsForBoot(const RunPlan& plan, const QemuPaths& q,
                               const std::filesystem::path& results, int boot);

}  // namespace memattr::host
