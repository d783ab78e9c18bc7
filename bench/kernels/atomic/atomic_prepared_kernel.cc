#include "kernels/atomic/atomic_prepared_kernel.h"

#include <atomic>
#include <vector>

#include "kernels/atomic/atomic_kernels.h"

namespace memattr {
namespace {

using AtomicLoopFn = std::uint64_t (*)(std::uint64_t*, std::uint64_t);

AtomicLoopFn LoopFor(AtomicOp op) {
  switch (op) {
    case AtomicOp::kFetchAdd:
      return memattr_atomic_fetch_add_loop;
    case AtomicOp::kStoreAdd:
      return memattr_atomic_store_add_loop;
    case AtomicOp::kCas:
      return memattr_atomic_cas_loop;
    case AtomicOp::kSwap:
      return memattr_atomic_swap_loop;
  }
  return nullptr;
}

// 0 + 1 + ... + (n - 1), modulo 2^64 like the kernels' own sums.
std::uint64_t SumBelow(std::uint64_t n) {
  return n % 2 == 0 ? (n / 2) * (n - 1) : n * ((n - 1) / 2);
}

std::uint64_t LoadWord(std::uint64_t* word) { return std::atomic_ref<std::uint64_t>(*word).load(); }

// Written by its own thread only; padded so threads' bookkeeping never shares a line.
struct alignas(kPaddedStrideBytes) ThreadStats {
  std::uint64_t calls = 0;
  std::uint64_t returned_sum = 0;  // sum of the kernel's return values
};

class AtomicPreparedKernel final : public PreparedKernel {
 public:
  AtomicPreparedKernel(AtomicKernelSpec spec, std::uint64_t* first_counter, int threads)
      : spec_(std::move(spec)), loop_(LoopFor(spec_.op)), first_(first_counter), stats_(threads) {
    for (int t = 0; t < threads; ++t) std::atomic_ref<std::uint64_t>(*CounterOf(t)).store(0);
  }

  void RunIteration(int thread_index) override {
    ThreadStats& s = stats_[thread_index];
    s.returned_sum += loop_(CounterOf(thread_index), kAtomicOpsPerIteration);
    ++s.calls;
  }
  std::uint64_t BytesPerIteration() const override { return 0; }
  std::uint64_t ItemsPerIteration() const override { return kAtomicOpsPerIteration; }

  std::map<std::string, double> Totals() const override {
    if (spec_.op != AtomicOp::kCas) return {};
    std::uint64_t failures = 0;
    for (const ThreadStats& s : stats_) failures += s.returned_sum;
    return {{"cas_failures", static_cast<double>(failures)}};
  }

  Outcome Verify() override {
    if (spec_.placement == Placement::kContended) return VerifyCounter(0, Threads());
    for (int t = 0; t < Threads(); ++t) {
      Outcome o = VerifyCounter(t, t + 1);
      if (!o.ok()) return o;
    }
    return Outcome::Ok();
  }

 private:
  int Threads() const { return static_cast<int>(stats_.size()); }
  std::uint64_t* CounterOf(int thread_index) const {
    if (spec_.placement == Placement::kContended) return first_;
    return first_ + thread_index * (kPaddedStrideBytes / sizeof(std::uint64_t));
  }

  struct Invariant {
    std::uint64_t expected;
    std::uint64_t got;
    const char* what;
  };

  // What must hold exactly for the counter that threads [first, end) worked on.
  std::vector<Invariant> InvariantsOf(int first, int end) const {
    std::uint64_t calls = 0, returned = 0;
    for (int t = first; t < end; ++t) calls += stats_[t].calls, returned += stats_[t].returned_sum;
    const std::uint64_t ops = calls * kAtomicOpsPerIteration;
    const std::uint64_t value = LoadWord(CounterOf(first));
    switch (spec_.op) {
      case AtomicOp::kFetchAdd:
        return {{ops, value, "counter"}, {SumBelow(ops), returned, "sum of fetched values"}};
      case AtomicOp::kStoreAdd:
      case AtomicOp::kCas:
        return {{ops, value, "counter"}};
      case AtomicOp::kSwap:
        // Conservation: initial (0) + everything swapped in == final + everything swapped out.
        return {{calls * SumBelow(kAtomicOpsPerIteration + 1), value + returned,
                 "final + swapped-out values (expected: swapped-in values)"}};
    }
    return {};
  }

  Outcome VerifyCounter(int first, int end) const {
    for (const Invariant& i : InvariantsOf(first, end)) {
      if (i.expected == i.got) continue;
      return Outcome::WrongData(i.expected, i.got,
                                spec_.name + ": " + i.what + " of threads [" +
                                    std::to_string(first) + ", " + std::to_string(end) + ")");
    }
    return Outcome::Ok();
  }

  AtomicKernelSpec spec_;
  AtomicLoopFn loop_;
  std::uint64_t* first_;
  std::vector<ThreadStats> stats_;
};

std::size_t Alignment(Placement placement) {
  return placement == Placement::kPadded ? kPaddedStrideBytes : 64;
}

}  // namespace

std::size_t AtomicRegionBytesNeeded(Placement placement, int threads) {
  const std::size_t slots = placement == Placement::kPadded ? threads : 1;
  return Alignment(placement) - 1 + (slots - 1) * kPaddedStrideBytes + sizeof(std::uint64_t);
}

Result<std::unique_ptr<PreparedKernel>> MakeAtomicKernel(const AtomicKernelSpec& spec,
                                                         std::span<std::byte> region, int threads) {
  if (threads < 1)
    return Error{spec.name + ": threads must be >= 1, got " + std::to_string(threads)};
  const std::size_t needed = AtomicRegionBytesNeeded(spec.placement, threads);
  if (region.size() < needed)
    return Error{spec.name + ": region of " + std::to_string(region.size()) +
                 " bytes is too small for " + std::to_string(threads) + " threads (needs " +
                 std::to_string(needed) + ")"};
  const std::size_t align = Alignment(spec.placement);
  const auto base = reinterpret_cast<std::uintptr_t>(region.data());
  const std::uintptr_t aligned = (base + align - 1) / align * align;
  return std::unique_ptr<PreparedKernel>(
      new AtomicPreparedKernel(spec, reinterpret_cast<std::uint64_t*>(aligned), threads));
}

}  // namespace memattr
