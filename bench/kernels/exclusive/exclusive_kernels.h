// Load/store-exclusive increment loops (arm64 only): all threads increment one shared counter
// and count their failed store-exclusives. Retries are bounded, so a monitor that never
// succeeds (livelock, or memory types without exclusives support) ends as an outcome.
//   auto k = PrepareExclusiveKernel(*FindKernel("exclusive_increment"), region, {.threads = 2});
//   (*k)->RunIteration(t);  (*k)->Totals().at("stxr_failures");  (*k)->Verify();
// On x86_64 the entries exist (for --list) with not_applicable_reason and Prepare refuses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "memattr/kernel_catalog.h"
#include "memattr/kernel_runner.h"
#include "memattr/result.h"

extern "C" {
// aarch64/*.S only (see aarch64/exclusive_loop_macros.inc). REQUIRES: ops > 0, tries > 0,
// `counter` 8-byte aligned (16 for the pair). Writes the failed store-exclusives to
// *failures; returns the ops completed (< ops only if one op failed `tries` times in a row).
std::uint64_t memattr_exclusive_increment_loop(std::uint64_t* counter, std::uint64_t ops,
                                               std::uint64_t tries, std::uint64_t* failures);
std::uint64_t memattr_exclusive_increment_acqrel_loop(std::uint64_t* counter, std::uint64_t ops,
                                                      std::uint64_t tries, std::uint64_t* failures);
// Increments both words of counter[0..1].
std::uint64_t memattr_exclusive_pair_increment_loop(std::uint64_t* counter, std::uint64_t ops,
                                                    std::uint64_t tries, std::uint64_t* failures);
}

namespace memattr {

// The exclusive family's catalogue entries, in a stable order.
const std::vector<KernelInfo>& ExclusiveKernels();

// Zeroes the shared counter in `region` and returns the kernel ready for `options.threads`.
// Errors: not an exclusive kernel; this arch has none (the entry's not_applicable_reason);
// options.threads < 1; region too small.
Result<std::unique_ptr<PreparedKernel>> PrepareExclusiveKernel(const KernelInfo& kernel,
                                                               std::span<std::byte> region,
                                                               const PrepareOptions& options);

}  // namespace memattr
