// Uncontended atomic add: the hand-written kernel (memattr_atomic_fetch_add_loop: LDADDAL on
// arm64, LOCK XADD on x86_64) against the same loop written in C++, one thread, one counter on
// its own line of anonymous Normal-WB memory. Each iteration does kOps adds and sums the
// fetched values, so no variant can drop the fetch.
//   atomic_add/memattr_kernel  the kernel under test
//   atomic_add/std_atomic      std::atomic_ref::fetch_add (seq_cst): the compiler's own atomic
//                              add (LOCK XADD / LDADDAL), the like-for-like "bare loop"
//   atomic_add/bare_add        a plain (non-atomic) load-add-store: the floor without atomicity
// Part of memattr-perf-compare; rerun just these:
//   memattr-perf-compare --benchmark_filter=atomic_add --benchmark_repetitions=9
//     --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdint>

#include "kernels/atomic/atomic_kernels.h"
#include "memattr/mapped_region.h"

namespace memattr {
namespace {

constexpr std::uint64_t kOps = 1000;

// volatile: one load and one store per op, as the atomic variants do, but no lock.
std::uint64_t BareAddLoop(std::uint64_t* counter, std::uint64_t ops) {
  volatile std::uint64_t* c = counter;
  std::uint64_t sum = 0;
  for (std::uint64_t i = 0; i < ops; ++i) {
    const std::uint64_t v = *c;
    sum += v;
    *c = v + 1;
  }
  return sum;
}

std::uint64_t StdAtomicLoop(std::uint64_t* counter, std::uint64_t ops) {
  std::atomic_ref<std::uint64_t> c(*counter);
  std::uint64_t sum = 0;
  for (std::uint64_t i = 0; i < ops; ++i) sum += c.fetch_add(1);
  return sum;
}

using AddLoop = std::uint64_t (*)(std::uint64_t* counter, std::uint64_t ops);

// One counter at the start of a fresh anonymous mapping (page-aligned: its own line).
void BM_AtomicAdd(benchmark::State& state, AddLoop loop) {
  Result<MappedRegion> region =
      MapRegion({.kind = RegionKind::kAnonymous, .size = 4096}, MemoryAttribute::kNormalWb);
  if (!region) return state.SkipWithError(region.error().message.c_str());
  auto* counter = reinterpret_cast<std::uint64_t*>(region->bytes().data());
  for (auto _ : state) benchmark::DoNotOptimize(loop(counter, kOps));
  state.SetItemsProcessed(state.iterations() * kOps);
  // Every variant adds exactly one per op.
  if (*counter != state.iterations() * kOps) state.SkipWithError("counter lost updates");
}

// Registered at start-up, so memattr-perf-compare's main() runs them with its own set.
[[maybe_unused]] const benchmark::internal::Benchmark* const kRegistered[] = {
    benchmark::RegisterBenchmark("atomic_add/memattr_kernel", BM_AtomicAdd,
                                 memattr_atomic_fetch_add_loop),
    benchmark::RegisterBenchmark("atomic_add/std_atomic", BM_AtomicAdd, StdAtomicLoop),
    benchmark::RegisterBenchmark("atomic_add/bare_add", BM_AtomicAdd, BareAddLoop),
};

}  // namespace
}  // namespace memattr
