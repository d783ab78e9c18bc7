// PrepareKernel: checks what every family needs (the kernel runs on this arch), then hands
// the kernel to its family's preparer. Adding a family = one line in kPreparers.
#include "memattr/kernel_runner.h"

#include <string>

#include "kernels/atomic/atomic_kernels.h"
#include "kernels/exclusive/exclusive_kernels.h"
#include "kernels/latency/latency_kernels.h"
#include "kernels/streaming/streaming_kernels.h"

namespace memattr {
namespace {

using Preparer = Result<std::unique_ptr<PreparedKernel>> (*)(const KernelInfo&,
                                                             std::span<std::byte>,
                                                             const PrepareOptions&);
struct FamilyPreparer {
  KernelFamily family;
  Preparer prepare;
};

constexpr FamilyPreparer kPreparers[] = {
    {KernelFamily::kStreaming, PrepareStreamingKernel},
    {KernelFamily::kLatency, PrepareLatencyKernel},
    {KernelFamily::kAtomic, PrepareAtomicKernel},
    {KernelFamily::kExclusive, PrepareExclusiveKernel},
};

}  // namespace

void ForEachThread(const PrepareOptions& options, const std::function<void(int)>& fn) {
  if (options.fan_out) return options.fan_out(options.threads, fn);
  for (int t = 0; t < options.threads; ++t) fn(t);
}

Result<std::unique_ptr<PreparedKernel>> PrepareKernel(const KernelInfo& kernel,
                                                      std::span<std::byte> region,
                                                      const PrepareOptions& options) {
  if (!kernel.AvailableOn(ThisArch()))
    return Error{kernel.name + ": not available on " + ToString(ThisArch()) + ": " +
                 kernel.not_applicable_reason};
  if (options.threads < 1)
    return Error{kernel.name + ": threads must be >= 1, got " + std::to_string(options.threads)};
  for (const FamilyPreparer& p : kPreparers)
    if (p.family == kernel.family) return p.prepare(kernel, region, options);
  return Error{kernel.name + ": no preparer for the " + std::string(ToString(kernel.family)) +
               " family in this build"};
}

}  // namespace memattr
