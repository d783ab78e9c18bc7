// PreparedKernel: one kernel set up on one region (arrays laid out, chase built, counters
// zeroed). The harness calls RunIteration() inside the benchmark loop; every call does the
// same fixed amount of work (R6), so time per iteration is comparable across runs.
//   auto k = PrepareKernel(*FindKernel("stream_triad_simd"), region.bytes(), {.threads = 2});
//   for (auto _ : state) (*k)->RunIteration(state.thread_index());
//   Outcome verified = (*k)->Verify();   // wrong data is an outcome, not a crash
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>

#include "memattr/kernel_catalog.h"
#include "memattr/outcome.h"
#include "memattr/result.h"

namespace memattr {

inline constexpr std::size_t kDefaultChaseStrideBytes = 256;

// Choices that change what a kernel measures; the prepared kernel's Label() records them.
struct KernelTuning {
  bool prefer_avx512 = true;  // x86_64 streaming: false keeps AVX2 where AVX-512 exists
  // Pointer-chase node distance: 256 bytes as multichase's default, so the next-line
  // prefetcher does not fetch the next node (at 64 B it hides ~28 % of DRAM latency).
  std::size_t chase_stride_bytes = kDefaultChaseStrideBytes;
};

// Runs fn(t) for every t < threads, each on the CPU where benchmark thread t will run (so
// first touch places each thread's pages there, as NUMA placement wants), and returns when
// all are done. The harness supplies one that pins (harness/pinned_fan_out.h).
using ThreadFanOut = std::function<void(int threads, const std::function<void(int)>& fn)>;

struct PrepareOptions {
  int threads = 1;                    // RunIteration is called with thread_index < threads
  std::size_t working_set_bytes = 0;  // 0 = the whole region (streaming/latency)
  std::uint64_t seed = 1;             // pointer-chase permutation
  KernelTuning tuning;
  ThreadFanOut fan_out;  // empty: fn(0), fn(1), ... one after the other on the caller
};

// options.fan_out(threads, fn), or the sequential loop when it is empty.
void ForEachThread(const PrepareOptions& options, const std::function<void(int)>& fn);

class PreparedKernel {
 public:
  virtual ~PreparedKernel() = default;
  // Thread-safe for distinct thread_index values; one fixed amount of work per call.
  virtual void RunIteration(int thread_index) = 0;
  // Bytes counted per call per thread (loaded + stored, no write-allocate); 0 if not a
  // bandwidth kernel.
  virtual std::uint64_t BytesPerIteration() const = 0;
  // Items per call per thread: elements (streaming), loads (latency), ops (atomic/exclusive).
  virtual std::uint64_t ItemsPerIteration() const = 0;
  // Totals accumulated since Prepare, e.g. {"stxr_failures", 12}; summed over threads.
  virtual std::map<std::string, double> Totals() const { return {}; }
  // Per-cell constants reported as they are, not as deltas, e.g. {"chase_nodes", 4096}.
  virtual std::map<std::string, double> Facts() const { return {}; }
  // What ran, for the benchmark label ("isa=avx512"); empty when there is nothing to add.
  virtual std::string Label() const { return ""; }
  // Checks the work done so far (checksums, exact counts, chase visited every node).
  virtual Outcome Verify() = 0;
  // The part of Verify() that belongs to thread `thread_index`, called on that thread after
  // all threads have stopped; the harness calls it once per cell (every run repeats the same
  // work on the same data), on every thread at once. Default: thread 0 runs Verify().
  virtual Outcome VerifyThread(int thread_index) {
    return thread_index == 0 ? Verify() : Outcome::Ok();
  }
};

// Errors: region too small for the kernel, kernel not available on this arch (with the
// KernelInfo's not_applicable_reason), bad thread count.
Result<std::unique_ptr<PreparedKernel>> PrepareKernel(const KernelInfo& kernel,
                                                      std::span<std::byte> region,
                                                      const PrepareOptions& options);

}  // namespace memattr
