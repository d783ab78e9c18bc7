#include "inference/verdict_builder.h"

#include <algorithm>

namespace memattr::agent {
namespace {

using TimingKey = std::pair<std::string, int>;

// The reference cell's figures: RAM normal-wb, and the first BAR's device-ngnre.
const CellResult* FindReference(const MatrixPlan& plan, const MatrixResults& results,
                                const std::vector<DiscoveredRegion>& regions,
                                ManifestRegionKind kind, MemoryAttribute attribute) {
  for (std::size_t i = 0; i < plan.cells.size(); ++i) {
    const MatrixCell& cell = plan.cells[i];
    if (regions[cell.region_index].kind == kind && cell.attribute == attribute &&
        !results.cells[i].ns_per_iteration.empty())
      return &results.cells[i];
  }
  return nullptr;
}

std::optional<double> Lookup(const CellResult* cell, const TimingKey& key) {
  if (!cell) return std::nullopt;
  auto it = cell->ns_per_iteration.find(key);
  if (it == cell->ns_per_iteration.end()) return std::nullopt;
  return it->second;
}

// The kernel whose ratio to the RAM reference is the median over every kernel both ran:
// one noisy kernel (two vCPUs shared with others) cannot flip the inference.
std::optional<TimingEvidence> PickTiming(const CellResult& cell, const CellResult* wb,
                                         const CellResult* device) {
  std::vector<std::pair<double, TimingEvidence>> by_ratio;
  for (const auto& [key, ns] : cell.ns_per_iteration) {
    const std::optional<double> reference = Lookup(wb, key);
    if (!reference || *reference <= 0) continue;
    TimingEvidence t{key.first + "/threads:" + std::to_string(key.second) + " (median ratio of " +
                         std::to_string(cell.ns_per_iteration.size()) + " kernels)",
                     ns, reference, Lookup(device, key)};
    by_ratio.emplace_back(ns / *reference, std::move(t));
  }
  if (by_ratio.empty()) return std::nullopt;
  std::sort(by_ratio.begin(), by_ratio.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return by_ratio[by_ratio.size() / 2].second;
}

}  // namespace

std::vector<InferenceInput> BuildInferenceInputs(const MatrixPlan& plan,
                                                 const MatrixResults& results,
                                                 const std::vector<DiscoveredRegion>& regions,
                                                 const VerdictContext& context) {
  const CellResult* wb =
      FindReference(plan, results, regions, ManifestRegionKind::kRam, MemoryAttribute::kNormalWb);
  const CellResult* device = FindReference(plan, results, regions, ManifestRegionKind::kBar,
                                           MemoryAttribute::kDeviceNGnRE);
  std::vector<InferenceInput> inputs;
  for (std::size_t i = 0; i < plan.cells.size(); ++i) {
    const CellResult& result = results.cells[i];
    // Never mapped and no evidence from the host or an earlier boot: its cell_skipped event says
    // why.
    if (!result.mapped && result.probes.empty() && result.ns_per_iteration.empty()) continue;
    const MatrixCell& cell = plan.cells[i];
    const DiscoveredRegion& region = regions[cell.region_index];
    InferenceInput in;
    in.region = cell.region;
    in.requested = cell.attribute;
    in.arch = context.arch;
    in.stage2 = context.host;
    in.stage2.kind = region.kind;
    in.stage2.backing = region.backing;
    in.probes = result.probes;
    in.timing = PickTiming(result, wb, device);
    inputs.push_back(std::move(in));
  }
  return inputs;
}

}  // namespace memattr::agent
