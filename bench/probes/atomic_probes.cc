#include "probes/atomic_probes.h"

#include <atomic>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "kernels/atomic/atomic_kernels.h"
#include "kernels/exclusive/exclusive_kernels.h"

namespace memattr {
namespace {

constexpr std::size_t kLineBytes = 64;
constexpr std::uint64_t kLseOpsPerStep = 16;

// The first line-aligned word of `region`, or nullptr if fewer than `bytes` fit after it.
std::uint64_t* AlignedWord(std::span<std::byte> region, std::size_t bytes) {
  const auto base = reinterpret_cast<std::uintptr_t>(region.data());
  const std::uintptr_t aligned = (base + kLineBytes - 1) / kLineBytes * kLineBytes;
  if (aligned + bytes > base + region.size()) return nullptr;
  return reinterpret_cast<std::uint64_t*>(aligned);
}

Outcome RegionTooSmall(const char* probe, std::size_t size) {
  return Outcome::Failed(std::string(probe) + ": region of " + std::to_string(size) +
                         " bytes is too small (needs " + std::to_string(kLineBytes + 8) + ")");
}

Outcome CheckThreadOptions(const char* probe, const ProbeOptions& options) {
  if (options.threads >= 1 && options.increments_per_thread >= 1) return Outcome::Ok();
  return Outcome::Failed(std::string(probe) + ": needs threads >= 1 and increments >= 1, got " +
                         std::to_string(options.threads) + " and " +
                         std::to_string(options.increments_per_thread));
}

// Runs body(t) on threads t = 0..threads-1, released together so they really contend.
void RunTogether(int threads, const std::function<void(int)>& body) {
  std::latch start(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      start.arrive_and_wait();
      body(t);
    });
  for (std::thread& w : workers) w.join();
}

std::uint64_t Load(std::uint64_t* word) { return std::atomic_ref<std::uint64_t>(*word).load(); }

// One LSE step: runs `loop` on `word` and compares what it returned and what it left.
struct LseStep {
  const char* kernel;
  std::uint64_t (*loop)(std::uint64_t*, std::uint64_t);
  std::uint64_t expected_return;
  std::uint64_t expected_after;
};

Outcome RunLseStep(const LseStep& step, std::uint64_t* word) {
  const std::uint64_t returned = step.loop(word, kLseOpsPerStep);
  const std::string what = std::string(step.kernel) + " x" + std::to_string(kLseOpsPerStep);
  if (returned != step.expected_return)
    return Outcome::WrongData(step.expected_return, returned, what + ": value returned");
  const std::uint64_t after = Load(word);
  if (after != step.expected_after)
    return Outcome::WrongData(step.expected_after, after, what + ": word afterwards");
  return Outcome::Ok();
}

}  // namespace

Outcome CheckAtomicityUnderContention(std::span<std::byte> region, const ProbeOptions& options,
                                      const IncrementLoop& increment) {
  constexpr char kProbe[] = "atomicity_under_contention";
  if (Outcome o = CheckThreadOptions(kProbe, options); !o.ok()) return o;
  std::uint64_t* counter = AlignedWord(region, sizeof(std::uint64_t));
  if (counter == nullptr) return RegionTooSmall(kProbe, region.size());
  std::atomic_ref<std::uint64_t>(*counter).store(0);
  RunTogether(options.threads, [&](int) { increment(counter, options.increments_per_thread); });
  const std::uint64_t expected = options.threads * options.increments_per_thread;
  const std::uint64_t got = Load(counter);
  if (got == expected) return Outcome::Ok();
  return Outcome::WrongData(expected, got,
                            std::to_string(options.threads) + " threads x " +
                                std::to_string(options.increments_per_thread) +
                                " increments of one counter: updates lost");
}

Outcome ProbeAtomicityUnderContention(std::span<std::byte> region, const ProbeOptions& options) {
  return CheckAtomicityUnderContention(region, options, [](std::uint64_t* c, std::uint64_t n) {
    memattr_atomic_fetch_add_loop(c, n);
  });
}

Outcome ProbeLseAtomics(std::span<std::byte> region, const ProbeOptions&) {
  std::uint64_t* word = AlignedWord(region, sizeof(std::uint64_t));
  if (word == nullptr) return RegionTooSmall("lse_atomics", region.size());
  std::atomic_ref<std::uint64_t>(*word).store(0);
  constexpr std::uint64_t n = kLseOpsPerStep;
  // Each step starts from the previous step's word: 0 -> n -> 2n -> 3n -> 1.
  const LseStep steps[] = {
      {"atomic_fetch_add", memattr_atomic_fetch_add_loop, n * (n - 1) / 2, n},
      {"atomic_store_add", memattr_atomic_store_add_loop, 0, 2 * n},
      {"atomic_cas", memattr_atomic_cas_loop, 0 /* failed CASes */, 3 * n},
      // Swaps in n, n-1, ..., 1: swaps out 3n, then n, n-1, ..., 2.
      {"atomic_swap", memattr_atomic_swap_loop, 3 * n + n * (n + 1) / 2 - 1, 1},
  };
  for (const LseStep& step : steps)
    if (Outcome o = RunLseStep(step, word); !o.ok()) return o;
  return Outcome::Ok();
}

Outcome CheckExclusiveLoop(std::span<std::byte> region, const ProbeOptions& options,
                           ExclusiveKernelSpec spec) {
  if (Outcome o = CheckThreadOptions(spec.name.c_str(), options); !o.ok()) return o;
  spec.ops_per_iteration = options.increments_per_thread;
  auto kernel = MakeExclusiveKernel(spec, region, options.threads);
  if (!kernel) return Outcome::Failed(kernel.error().message);
  RunTogether(options.threads, [&](int t) { (*kernel)->RunIteration(t); });
  return (*kernel)->Verify();
}

Outcome ProbeExclusiveLoop(std::span<std::byte> region, const ProbeOptions& options) {
#if defined(__aarch64__)
  return CheckExclusiveLoop(region, options,
                            {.name = "exclusive_loop", .loop = memattr_exclusive_increment_loop});
#else
  (void)region;
  (void)options;
  return Outcome::Skipped("x86_64 has no load/store-exclusive");
#endif
}

}  // namespace memattr
