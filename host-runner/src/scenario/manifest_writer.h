// Scenario + GuestLayout -> the guest manifest (guest-agent/docs/manifest_format.md), as the
// protocol's typed Manifest and written by its one writer.
//   nlohmann::json m = BuildManifest(scenario, layout, {.host_kernel = "6.12.0", .accel = "tcg"});
//   WriteManifest(m, results_dir / "manifest-1.json");
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "memattr/protocol/manifest.h"
#include "memattr/protocol/schema_ids.h"
#include "memattr/protocol/vocabulary.h"
#include "memattr/result.h"
#include "scenario/guest_layout.h"
#include "scenario/scenario.h"

namespace memattr::host {

using protocol::kEventsPortName;
using protocol::kManifestSchema;

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

// What memattr-host saw a probe do when it took the guest down, given to the next boot as that
// probe's outcome (manifest `host_outcomes`; the probe itself goes into skip_cells).
// `evidence` holds the host's lines unchanged.
//   {.cell = {.region = "bar0", .attribute = "normal-wb", .probe = "unaligned_load_8"},
//    .description = "kvm run failed Bad address: VM paused (internal-error)",
//    .evidence = {"kvm [812]: Unsupported FSC: EC=0x24 xFSC=0x21 ESR_EL2=0x93c28021"}}
struct HostObservedOutcome {
  CellId cell;  // a probe cell (kernel empty)
  protocol::HostOutcomeKind outcome = protocol::HostOutcomeKind::kStage2Fault;
  std::string description;  // "" = the agent's default for the outcome
  std::vector<std::string> evidence;
};

struct ManifestFacts {
  std::string host_kernel;
  std::string accel;                               // "tcg" / "kvm"
  std::optional<bool> cacheable_pfnmap_cap;        // nullopt = unknown
  std::vector<CellId> skip_cells;                  // resume after a crashed boot
  std::vector<HostObservedOutcome> host_outcomes;  // what those crashes were (probes only)
  std::vector<protocol::ManifestEarlierEvidence> earlier_evidence;  // EarlierEvidence::entries()
  int boot = 1;
};

// Cells and outcomes whose attribute is no memory attribute (a guest's malformed words) are left
// out: the agent would refuse the whole manifest for them.
protocol::Manifest PlanManifest(const Scenario& scenario, const GuestLayout& layout,
                                const ManifestFacts& facts);
nlohmann::json BuildManifest(const Scenario& scenario, const GuestLayout& layout,
                             const ManifestFacts& facts);

// Writes `manifest` pretty-printed; errors name the path and errno.
Status WriteManifest(const nlohmann::json& manifest, const std::filesystem::path& path);

}  // namespace memattr::host
