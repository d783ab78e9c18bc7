// PreparedKernel for the exclusive family: one shared counter (or 16-byte pair) on its own
// line, a bounded number of store-exclusive tries per op, failures counted per thread.
// Takes the loop as a function pointer so tests can drive it with failure-injection seams.
//   auto k = MakeExclusiveKernel({.name = "exclusive_increment",
//                                 .loop = memattr_exclusive_increment_loop}, region, 2);
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "memattr/kernel_runner.h"
#include "memattr/result.h"

namespace memattr {

// Signature of every exclusive loop (see exclusive_kernels.h).
using ExclusiveLoopFn = std::uint64_t (*)(std::uint64_t* counter, std::uint64_t ops,
                                          std::uint64_t tries, std::uint64_t* failures);

// Store-exclusive tries per op before giving up. Contention alone never fails this many in a
// row; a monitor that never succeeds costs at most this many tries per op.
inline constexpr std::uint64_t kDefaultExclusiveTries = 1 << 16;
inline constexpr std::uint64_t kExclusiveOpsPerIteration = 1000;

struct ExclusiveKernelSpec {
  std::string name;  // for error and outcome messages
  ExclusiveLoopFn loop = nullptr;
  unsigned words = 1;  // 1: 8-byte counter; 2: 16-byte pair, both words incremented
  std::uint64_t ops_per_iteration = kExclusiveOpsPerIteration;
  std::uint64_t tries_per_op = kDefaultExclusiveTries;
};

// Zeroes the counter in `region` and returns the prepared kernel. Verify(): Failed("...
// store-exclusive never succeeded after K tries ...") if any op gave up, else WrongData
// unless every word equals the ops completed. Totals(): {"stxr_failures": n}.
// Errors: threads < 1, ops_per_iteration or tries_per_op 0, region too small.
Result<std::unique_ptr<PreparedKernel>> MakeExclusiveKernel(const ExclusiveKernelSpec& spec,
                                                            std::span<std::byte> region,
                                                            int threads);

}  // namespace memattr
