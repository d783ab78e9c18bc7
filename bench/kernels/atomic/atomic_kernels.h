// Atomic read-modify-write kernels (LSE on arm64, LOCK-prefixed on x86_64), on one counter
// shared by all threads ("_contended") or one counter per thread on its own padded lines
// ("_padded"). Every kernel counts exactly, so Verify() checks the counters to the op.
//   const KernelInfo& k = *FindKernel("atomic_fetch_add_contended");
//   auto prepared = PrepareAtomicKernel(k, region.bytes(), {.threads = 2});
//   (*prepared)->RunIteration(thread_index);   // ItemsPerIteration() atomic ops
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
// One .S per arch each (aarch64/, x86_64/). REQUIRES: `counter` 8-byte aligned, ops > 0.
// Fetch-and-add 1 (LDADDAL / LOCK XADD); returns the sum of the values fetched.
std::uint64_t memattr_atomic_fetch_add_loop(std::uint64_t* counter, std::uint64_t ops);
// Add 1 without fetching (STADD / LOCK ADD); returns 0.
std::uint64_t memattr_atomic_store_add_loop(std::uint64_t* counter, std::uint64_t ops);
// CAS increment (CASAL / LOCK CMPXCHG); returns the number of failed CASes.
std::uint64_t memattr_atomic_cas_loop(std::uint64_t* counter, std::uint64_t ops);
// Swaps in ops, ops-1, ..., 1 (SWPAL / XCHG); returns the sum of the values swapped out.
std::uint64_t memattr_atomic_swap_loop(std::uint64_t* word, std::uint64_t ops);
}

namespace memattr {

// The atomic family's catalogue entries, in a stable order.
const std::vector<KernelInfo>& AtomicKernels();

// Lays out the counter(s) in `region` (zeroed: the region's old contents are not trusted)
// and returns the kernel ready to run with `options.threads` threads.
// Errors: `kernel` is not an atomic kernel, options.threads < 1, `region` too small
// (each names the kernel and the sizes).
Result<std::unique_ptr<PreparedKernel>> PrepareAtomicKernel(const KernelInfo& kernel,
                                                            std::span<std::byte> region,
                                                            const PrepareOptions& options);

}  // namespace memattr
