// Which scenario regions can be set up on this host with this QEMU; the rest are skipped with
// a reason (a SKIP, not a failure: R8).
//   RegionSelection sel = SelectRegions(scenario, caps, {.sysfs_root = "/sys"});
//   for (auto& [name, reason] : sel.skipped) ...   // "cxl1: cxl-type3 on arm virt needs ..."
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scenario/scenario.h"
#include "vm/qemu_capabilities.h"

namespace memattr::host {

struct HostCheckOptions {
  bool check_host = true;  // false: capabilities only (golden tests)
  std::filesystem::path sysfs_root = "/sys";
};

struct SkippedRegion {
  std::string name;
  std::string kind;
  std::string reason;
};

struct RegionSelection {
  Scenario scenario;  // the input with unusable regions removed
  std::vector<SkippedRegion> skipped;
};

// Why QEMU cannot provide `region`, or nullopt.
std::optional<std::string> CapabilityProblem(const RegionConfig& region,
                                             const QemuCapabilities& caps);
// Why this host cannot back `region` (missing device, VFIO not viable, no such node), or nullopt.
std::optional<std::string> HostBackingProblem(const RegionConfig& region,
                                              const HostCheckOptions& options);

// The scenario error (exit 2) for a region `path` that cannot be measured or must not be
// written: "FILE:LINE: regions[i].path: /dev/zero is ...". memattr maps `path` shared into the
// guest, which writes to it, so an existing file or block device needs `overwrite: true`; a
// path that does not exist is not created (only the results directory gets memattr's files),
// except a missing /dev/ device, which SelectRegions skips with its reason. A FIFO, a socket or
// a directory holds no memory; a character device is taken as the device under test.
Status CheckRegionPaths(const Scenario& scenario);

RegionSelection SelectRegions(const Scenario& scenario, const QemuCapabilities& caps,
                              const HostCheckOptions& options);

}  // namespace memattr::host
