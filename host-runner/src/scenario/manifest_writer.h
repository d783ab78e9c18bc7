// Scenario + GuestLayout -> guest manifest JSON (guest-agent/docs/manifest_format.md).
//   nlohmann::json m = BuildManifest(scenario, layout, {.host_kernel = "6.12.0", .accel = "tcg"});
//   WriteManifest(m, results_dir / "manifest-1.json");
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "memattr/result.h"
#include "scenario/guest_layout.h"
#include "scenario/scenario.h"

namespace memattr::host {

inline constexpr char kManifestSchema[] = "memattr.manifest/1";
inline constexpr char kEventsPortName[] = "memattr.events";

// One matrix cell the agent must not run again (already done, or the one that crashed a guest).
// Exactly one of `kernel` / `probe` is set; `threads` is 0 for probes.
struct CellId {
  std::string region;
  std::string attribute;
  std::string kernel;
  std::string probe;
  int threads = 0;
  auto operator<=>(const CellId&) const = default;
};

struct ManifestFacts {
  std::string host_kernel;
  std::string accel;                     // "tcg" / "kvm"
  nlohmann::json cacheable_pfnmap_cap;   // null = unknown, else 0/1
  std::vector<CellId> skip_cells;        // resume after a crashed boot
  int boot = 1;
};

nlohmann::json BuildManifest(const Scenario& scenario, const GuestLayout& layout,
                             const ManifestFacts& facts);
nlohmann::json ToJson(const CellId& cell);

// Writes `manifest` pretty-printed; errors name the path and errno.
Status WriteManifest(const nlohmann::json& manifest, const std::filesystem::path& path);

}  // namespace memattr::host
