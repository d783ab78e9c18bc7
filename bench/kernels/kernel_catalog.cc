// The kernel catalogue: every family's KernelInfo table, concatenated in a stable order.
// Adding a family = one line in kFamilies (and one in kernel_runner.cc).
#include "memattr/kernel_catalog.h"

#include <vector>

#include "kernels/atomic/atomic_kernels.h"
#include "kernels/exclusive/exclusive_kernels.h"
#include "kernels/latency/latency_kernels.h"
#include "kernels/streaming/streaming_kernels.h"

namespace memattr {
namespace {

using FamilyList = const std::vector<KernelInfo>& (*)();

constexpr FamilyList kFamilies[] = {
    StreamingKernels,
    LatencyKernels,
    AtomicKernels,
    ExclusiveKernels,
};

}  // namespace

const std::vector<KernelInfo>& AllKernels() {
  static const std::vector<KernelInfo> all = [] {
    std::vector<KernelInfo> out;
    for (FamilyList family : kFamilies)
      for (const KernelInfo& k : family()) out.push_back(k);
    return out;
  }();
  return all;
}

const KernelInfo* FindKernel(const std::string& name) {
  for (const KernelInfo& k : AllKernels())
    if (k.name == name) return &k;
  return nullptr;
}

}  // namespace memattr
