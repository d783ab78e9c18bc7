// The benchmark plan: region × kernel × threads cells, each with a stable name, built from
// data before anything is registered (STYLE R5). Cells that cannot run here (kernel not built
// for this arch, working set larger than the region) are kept as skipped cells with a reason.
//   BenchmarkPlan plan = *BuildPlan({.kernels = {FindKernel("stream_copy")},
//                                    .regions = {PlanRegionOf(region)}, .threads = {1, 2}});
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "harness/benchmark_name.h"
#include "memattr/kernel_catalog.h"
#include "memattr/kernel_runner.h"
#include "memattr/mapped_region.h"
#include "memattr/memory_attribute.h"
#include "memattr/result.h"

namespace memattr {

// One mapped region as the plan sees it; the mapping itself is owned by the caller and must
// outlive the benchmarks.
struct PlanRegion {
  std::string name;  // label in benchmark names, e.g. "dax0.0"
  std::string kind;  // "anon", "dax", ... (benchmark label)
  std::span<std::byte> memory;
  MemoryAttribute attribute = MemoryAttribute::kNormalWb;  // requested
};

inline PlanRegion PlanRegionOf(const MappedRegion& region) {
  return {region.spec().name, std::string(ToString(region.spec().kind)), region.bytes(),
          region.requested()};
}

struct BenchmarkPlanEntry {
  const KernelInfo* kernel = nullptr;
  std::string region_name;
  std::string region_kind;
  std::span<std::byte> memory;
  MemoryAttribute attribute = MemoryAttribute::kNormalWb;
  int threads = 1;
  std::size_t working_set_bytes = 0;  // 0 = the whole region (PrepareOptions semantics)
  std::uint64_t seed = 1;
  KernelTuning tuning;

  BenchmarkNameParts NameParts() const;
  std::string FamilyName() const { return BenchmarkFamilyName(NameParts()); }
  std::string FullName() const { return BenchmarkFullName(NameParts()); }
};

struct SkippedCell {
  std::string name;  // the full name the cell would have had
  std::string reason;
};

struct BenchmarkPlan {
  std::vector<BenchmarkPlanEntry> entries;
  std::vector<SkippedCell> skipped;
};

struct PlanRequest {
  std::vector<const KernelInfo*> kernels;
  std::vector<PlanRegion> regions;
  std::vector<int> threads = {1};
  // Working set of streaming kernels when `working_set_bytes` is 0; clipped to the region.
  // 0 = the whole region. See DefaultStreamingWorkingSet() in measure/topology.h.
  std::size_t streaming_working_set_bytes = 0;
  // Explicit working set for every kernel; a region smaller than this skips the cell.
  std::size_t working_set_bytes = 0;
  std::uint64_t seed = 1;
  KernelTuning tuning;  // every cell's
};

// Order: region, then kernel, then threads (as given). Errors: no kernels/regions/threads,
// a thread count < 1, a null kernel, two cells with the same name (duplicate region labels).
Result<BenchmarkPlan> BuildPlan(const PlanRequest& request);

}  // namespace memattr
