// Latency kernels: an unrolled pointer chase over a cycle built by BuildChase. ns per load =
// time / ItemsPerIteration() (the harness divides through counters; kernels never do).
//   const KernelInfo& k = *FindKernel("latency_chase");
//   auto prepared = PrepareLatencyKernel(k, region.bytes(), {.working_set_bytes = 16 << 10});
//   (*prepared)->RunIteration(0);   // kChaseLoadsPerIteration dependent loads
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "kernels/latency/chase_builder.h"
#include "memattr/kernel_catalog.h"
#include "memattr/kernel_runner.h"
#include "memattr/result.h"

extern "C" {
// One .S per arch. REQUIRES: `node` starts a chase (BuildChase), loads > 0 and a multiple
// of 8. Returns the node reached after `loads` dependent loads.
void* memattr_latency_chase(void* node, std::uint64_t loads);
}

namespace memattr {

// Loads per RunIteration(): fixed, whatever the working set, so every iteration is the same
// work (R6); successive iterations continue round the cycle.
inline constexpr std::uint64_t kChaseLoadsPerIteration = 1 << 16;

// The latency family's catalogue entries, in a stable order.
const std::vector<KernelInfo>& LatencyKernels();

// Builds one chase per thread, each over its own disjoint cache-line-aligned slice of `region`
// (or of its first options.working_set_bytes), nodes options.tuning.chase_stride_bytes apart
// (a multiple of 8; the TLB-locality group is rounded to a multiple of it), seeded with
// options.seed + thread index.
// Errors: not a latency kernel, threads < 1, working set larger than the region, slice too
// small for two nodes. Each names the kernel and the sizes.
Result<std::unique_ptr<PreparedKernel>> PrepareLatencyKernel(const KernelInfo& kernel,
                                                             std::span<std::byte> region,
                                                             const PrepareOptions& options);

}  // namespace memattr
