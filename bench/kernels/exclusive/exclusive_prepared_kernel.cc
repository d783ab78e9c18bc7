#include "kernels/exclusive/exclusive_prepared_kernel.h"

#include <atomic>
#include <vector>

namespace memattr {
namespace {

constexpr std::size_t kLineBytes = 64;

// Written by its own thread only; padded so threads' bookkeeping never shares a line.
struct alignas(256) ThreadStats {
  std::uint64_t attempted = 0;
  std::uint64_t completed = 0;
  std::uint64_t failures = 0;
  bool gave_up = false;
};

class ExclusivePreparedKernel final : public PreparedKernel {
 public:
  ExclusivePreparedKernel(ExclusiveKernelSpec spec, std::uint64_t* counter, int threads)
      : spec_(std::move(spec)), counter_(counter), stats_(threads) {
    for (unsigned w = 0; w < spec_.words; ++w) std::atomic_ref<std::uint64_t>(counter_[w]).store(0);
  }

  void RunIteration(int thread_index) override {
    ThreadStats& s = stats_[thread_index];
    std::uint64_t failures = 0;
    const std::uint64_t done =
        spec_.loop(counter_, spec_.ops_per_iteration, spec_.tries_per_op, &failures);
    s.attempted += spec_.ops_per_iteration;
    s.completed += done;
    s.failures += failures;
    if (done < spec_.ops_per_iteration) s.gave_up = true;
  }
  std::uint64_t BytesPerIteration() const override { return 0; }
  std::uint64_t ItemsPerIteration() const override { return spec_.ops_per_iteration; }

  std::map<std::string, double> Totals() const override {
    std::uint64_t failures = 0;
    for (const ThreadStats& s : stats_) failures += s.failures;
    return {{"stxr_failures", static_cast<double>(failures)}};
  }

  Outcome Verify() override {
    std::uint64_t completed = 0;
    for (int t = 0; t < static_cast<int>(stats_.size()); ++t) {
      if (stats_[t].gave_up) return GaveUp(t);
      completed += stats_[t].completed;
    }
    for (unsigned w = 0; w < spec_.words; ++w) {
      const std::uint64_t value = std::atomic_ref<std::uint64_t>(counter_[w]).load();
      if (value != completed)
        return Outcome::WrongData(completed, value,
                                  spec_.name + ": counter word " + std::to_string(w) + " after " +
                                      std::to_string(completed) + " completed increments");
    }
    return Outcome::Ok();
  }

 private:
  Outcome GaveUp(int t) const {
    const ThreadStats& s = stats_[t];
    return Outcome::Failed(spec_.name + ": store-exclusive never succeeded after " +
                           std::to_string(spec_.tries_per_op) + " tries (thread " +
                           std::to_string(t) + ", " + std::to_string(s.completed) + " of " +
                           std::to_string(s.attempted) + " ops completed, " +
                           std::to_string(s.failures) + " failures)");
  }

  ExclusiveKernelSpec spec_;
  std::uint64_t* counter_;
  std::vector<ThreadStats> stats_;
};

Status CheckSpec(const ExclusiveKernelSpec& spec, std::size_t region_bytes, int threads) {
  const std::string prefix = spec.name + ": ";
  if (threads < 1) return Error{prefix + "threads must be >= 1, got " + std::to_string(threads)};
  if (spec.loop == nullptr) return Error{prefix + "no loop for this arch"};
  if (spec.ops_per_iteration == 0 || spec.tries_per_op == 0)
    return Error{prefix + "ops_per_iteration and tries_per_op must be > 0"};
  const std::size_t needed = kLineBytes - 1 + spec.words * sizeof(std::uint64_t);
  if (region_bytes < needed)
    return Error{prefix + "region of " + std::to_string(region_bytes) +
                 " bytes is too small (needs " + std::to_string(needed) + ")"};
  return OkStatus();
}

}  // namespace

Result<std::unique_ptr<PreparedKernel>> MakeExclusiveKernel(const ExclusiveKernelSpec& spec,
                                                            std::span<std::byte> region,
                                                            int threads) {
  if (Status s = CheckSpec(spec, region.size(), threads); !s) return s.error();
  const auto base = reinterpret_cast<std::uintptr_t>(region.data());
  const std::uintptr_t aligned = (base + kLineBytes - 1) / kLineBytes * kLineBytes;
  return std::unique_ptr<PreparedKernel>(
      new ExclusivePreparedKernel(spec, reinterpret_cast<std::uint64_t*>(aligned), threads));
}

}  // namespace memattr
