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

RegionSelection SelectRegions(const Scenario& scenario, const QemuCapabilities& caps,
                              const HostCheckOptions& options);

}  // namespace memattr::host
