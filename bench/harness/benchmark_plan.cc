#include "harness/benchmark_plan.h"

#include <set>

namespace memattr {
namespace {

Status CheckRequest(const PlanRequest& request) {
  if (request.kernels.empty()) return Error{"plan: no kernels"};
  if (request.regions.empty()) return Error{"plan: no regions"};
  if (request.threads.empty()) return Error{"plan: no thread counts"};
  for (int t : request.threads) {
    if (t < 1) return Error{"plan: thread count " + std::to_string(t) + " (must be >= 1)"};
  }
  for (const KernelInfo* k : request.kernels) {
    if (k == nullptr) return Error{"plan: null kernel"};
  }
  return OkStatus();
}

std::size_t WorkingSetFor(const PlanRequest& request, const KernelInfo& kernel,
                          const PlanRegion& region) {
  if (request.working_set_bytes != 0) return request.working_set_bytes;
  if (kernel.family != KernelFamily::kStreaming || request.streaming_working_set_bytes == 0)
    return 0;
  return request.streaming_working_set_bytes < region.memory.size()
             ? request.streaming_working_set_bytes
             : 0;  // the whole region is smaller than the default: use all of it
}

// Empty if the cell can run, else why not.
std::string SkipReason(const BenchmarkPlanEntry& entry) {
  const KernelInfo& k = *entry.kernel;
  if (!k.AvailableOn(ThisArch())) {
    return "not built for " + std::string(ToString(ThisArch())) +
           (k.not_applicable_reason.empty() ? "" : ": " + k.not_applicable_reason);
  }
  if (entry.working_set_bytes > entry.memory.size()) {
    return "working set " + std::to_string(entry.working_set_bytes) + " bytes > region '" +
           entry.region_name + "' of " + std::to_string(entry.memory.size()) + " bytes";
  }
  return {};
}

}  // namespace

BenchmarkNameParts BenchmarkPlanEntry::NameParts() const {
  return {kernel->name, region_name, attribute, threads};
}

Result<BenchmarkPlan> BuildPlan(const PlanRequest& request) {
  if (Status s = CheckRequest(request); !s) return s.error();
  BenchmarkPlan plan;
  std::set<std::string> names;
  for (const PlanRegion& region : request.regions) {
    for (const KernelInfo* kernel : request.kernels) {
      for (int threads : request.threads) {
        BenchmarkPlanEntry entry{kernel,
                                 region.name,
                                 region.kind,
                                 region.memory,
                                 region.attribute,
                                 threads,
                                 WorkingSetFor(request, *kernel, region),
                                 request.seed,
                                 request.tuning};
        std::string name = entry.FullName();
        if (!names.insert(name).second) return Error{"plan: duplicate benchmark '" + name + "'"};
        std::string reason = SkipReason(entry);
        if (!reason.empty()) {
          plan.skipped.push_back({std::move(name), std::move(reason)});
          continue;
        }
        plan.entries.push_back(std::move(entry));
      }
    }
  }
  return plan;
}

}  // namespace memattr
