// PreparedKernel for the atomic family: where the counters go in the region (one shared
// line, or one padded line per thread), how many ops a call does, and the exact checks.
// atomic_kernels.cc maps catalogue names to (op, placement) and calls MakeAtomicKernel.
//   auto k = MakeAtomicKernel({.name = "atomic_cas_padded", .op = AtomicOp::kCas,
//                              .placement = Placement::kPadded}, region, /*threads=*/2);
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "memattr/kernel_runner.h"
#include "memattr/result.h"

namespace memattr {

enum class AtomicOp { kFetchAdd, kStoreAdd, kCas, kSwap };
enum class Placement { kContended, kPadded };

// Distance between per-thread counters: covers 64-byte lines with adjacent-line prefetch
// and 128/256-byte lines (some arm64 cores), so "padded" never shares a line.
inline constexpr std::size_t kPaddedStrideBytes = 256;
inline constexpr std::uint64_t kAtomicOpsPerIteration = 1000;

struct AtomicKernelSpec {
  std::string name;  // for error and wrong-data messages
  AtomicOp op = AtomicOp::kFetchAdd;
  Placement placement = Placement::kContended;
};

// Bytes of region the layout needs for `threads` threads (worst-case alignment included).
std::size_t AtomicRegionBytesNeeded(Placement placement, int threads);

// Zeroes the counters in `region` and returns the prepared kernel.
// Errors: threads < 1, region smaller than AtomicRegionBytesNeeded().
Result<std::unique_ptr<PreparedKernel>> MakeAtomicKernel(const AtomicKernelSpec& spec,
                                                         std::span<std::byte> region, int threads);

}  // namespace memattr
