// The attribute matrix: region x requested attribute x kernel x threads, built as data before
// anything runs. For each (region, attribute) it picks how to get that attribute (a sysfs/dev
// interface, or the memattr module for a known physical range); impossible cells are kept as
// skipped cells with the reason (attribute unreachable, kernel or probe not on this arch). A
// probe with a host outcome (it took an earlier boot down) is not run: the cell carries the
// host's outcome instead, even when skip_cells skips the rest of the cell. Evidence of earlier
// boots (manifest earlier_evidence) is kept with its cell in the same way.
//   MatrixPlan plan = BuildMatrix(regions, {.attributes = ..., .kernels = ..., .probes = ...});
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "discovery/discovered_region.h"
#include "manifest/manifest.h"
#include "memattr/kernel_catalog.h"
#include "memattr/memory_attribute.h"
#include "memattr/probes.h"
#include "memattr/region_spec.h"
#include "memattr/result.h"

namespace memattr::agent {

enum class ModuleState { kAbsent, kLoaded };

struct MatrixOptions {
  Arch arch = ThisArch();
  ModuleState module = ModuleState::kAbsent;
  std::filesystem::path module_device = "/dev/memattr";
  // The regions come from a manifest: each is a device under test, which the module may map
  // even where a driver holds it. Auto-discovered ranges get the module's driver check.
  bool regions_from_manifest = false;
  std::vector<MemoryAttribute> attributes;  // empty = all four
  std::vector<const KernelInfo*> kernels;
  std::vector<const ProbeInfo*> probes;
  std::vector<int> threads = {1};
  std::uint64_t working_set_bytes = 16u << 20;  // per cell, capped by the region
  std::vector<ManifestSkipCell> host_skips;     // manifest skip_cells: crashed an earlier boot
  std::vector<ManifestHostOutcome>
      host_outcomes;  // manifest host_outcomes: what those crashes were
  std::vector<ManifestEarlierEvidence> earlier_evidence;  // what earlier boots of the run found
};

struct KernelRun {
  const KernelInfo* kernel = nullptr;
  int threads = 1;
};

// One (region, attribute): how to map it, then probes, then kernels.
struct MatrixCell {
  std::size_t region_index = 0;  // into the regions given to BuildMatrix
  std::string region;
  MemoryAttribute attribute = MemoryAttribute::kNormalWb;
  RegionSpec spec;    // what to pass to MapRegion
  std::string route;  // "sysfs resource2_wc", "memattr module", "anonymous mmap", ...
  std::vector<const ProbeInfo*> probes;
  std::vector<KernelRun> kernels;
  // Probes the host saw take the guest down: their outcome is the host's, they do not run again.
  std::vector<ManifestHostOutcome> host_outcomes;
  // What earlier boots of this run found on this cell: counted as evidence, not run again.
  std::vector<ManifestEarlierEvidence> earlier;
};

struct SkippedMatrixCell {
  std::string region;
  MemoryAttribute attribute = MemoryAttribute::kNormalWb;
  std::string kernel;  // one of kernel/probe is set; both empty = the whole (region, attribute)
  std::string probe;
  std::string reason;
};

struct MatrixPlan {
  std::vector<MatrixCell> cells;
  std::vector<SkippedMatrixCell> skipped;
  std::vector<ManifestHostOutcome>
      unplaced_host_outcomes;  // no cell for them: streamed, no verdict
};

// How `attribute` is obtained on `region`: the spec to map, or why it cannot be.
Result<MatrixCell> RouteAttribute(const DiscoveredRegion& region, MemoryAttribute attribute,
                                  const MatrixOptions& options);

// Cells in region order, then attribute order. REQUIRES: non-null kernels/probes.
MatrixPlan BuildMatrix(const std::vector<DiscoveredRegion>& regions, const MatrixOptions& options);

}  // namespace memattr::agent
