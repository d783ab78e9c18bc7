#include "tools/bench_options.h"

namespace memattr {
namespace {

std::string KnownKernels() {
  std::string known;
  for (const KernelInfo& k : AllKernels()) known += (known.empty() ? "" : ", ") + k.name;
  return known;
}

Result<std::vector<const KernelInfo*>> ResolveKernels(const std::vector<std::string>& names) {
  std::vector<const KernelInfo*> kernels;
  if (names.empty()) {
    for (const KernelInfo& k : AllKernels()) {
      if (k.AvailableOn(ThisArch())) kernels.push_back(&k);
    }
    return kernels;
  }
  for (const std::string& name : names) {
    const KernelInfo* k = FindKernel(name);
    if (k == nullptr) return Error{"unknown kernel '" + name + "' (known: " + KnownKernels() + ")"};
    kernels.push_back(k);
  }
  return kernels;
}

Result<std::vector<RegionSpec>> ResolveRegions(const std::vector<std::string>& texts) {
  std::vector<RegionSpec> specs;
  for (const std::string& text : texts) {
    Result<RegionSpec> spec = ParseRegionSpec(text);
    if (!spec) return Error{"--region '" + text + "': " + spec.error().message};
    specs.push_back(*spec);
  }
  return specs;
}

Result<std::vector<MemoryAttribute>> ResolveAttributes(const std::vector<std::string>& texts) {
  std::vector<MemoryAttribute> attributes;
  for (const std::string& text : texts) {
    auto a = ParseMemoryAttribute(text);
    if (!a) {
      return Error{"--attribute: unknown attribute '" + text +
                   "' (known: normal-wb, normal-nc, device-ngnre, device-ngnrne)"};
    }
    attributes.push_back(*a);
  }
  return attributes;
}

Result<std::vector<const EventSet*>> ResolveCounterSets(const std::vector<std::string>& names) {
  std::vector<const EventSet*> sets;
  std::string known;
  for (const EventSet& s : AllEventSets()) known += (known.empty() ? "" : ", ") + s.name;
  for (const std::string& name : names) {
    if (name == "none") return std::vector<const EventSet*>{};
    if (name == "all") {
      for (const EventSet& s : AllEventSets()) sets.push_back(&s);
      continue;
    }
    const EventSet* set = FindEventSet(name);
    if (set == nullptr)
      return Error{"--counters: unknown counter set '" + name + "' (known: all, none, " + known +
                   ")"};
    sets.push_back(set);
  }
  return sets;
}

Status CheckThreads(const std::vector<int>& threads) {
  for (int t : threads) {
    if (t < 1) return Error{"--threads " + std::to_string(t) + ": must be >= 1"};
  }
  return OkStatus();
}

}  // namespace

void AddBenchOptions(CLI::App& app, BenchOptions& o) {
  app.add_flag("--list", o.list, "List kernels and probes, then exit");
  app.add_option("--describe", o.describe, "Describe one kernel, then exit");
  app.add_option("--region", o.regions,
                 "Region spec (repeatable), e.g. anon:size=64M, file:path=/tmp/f,size=16M, "
                 "dax:path=/dev/dax0.0 (default: anon:size=<streaming working set>)");
  app.add_option("--attribute", o.attributes,
                 "Requested attribute (repeatable): normal-wb, normal-nc, device-ngnre, "
                 "device-ngnrne")
      ->capture_default_str();
  app.add_option("--threads", o.threads, "Thread counts, e.g. --threads 1,2")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--kernels", o.kernels, "Kernels to run (default: all built for this arch)")
      ->delimiter(',');
  app.add_flag("--probes", o.probes, "Run the correctness probes on each region first");
  app.add_option("--working-set", o.working_set,
                 "Working set, e.g. 256M (default: streaming 4x LLC, others the whole region)");
  app.add_option("--events", o.events, "Write result events (JSON Lines) to FILE, or - for stdout");
  app.add_option("--counters", o.counters, "Counter sets: all, none, core, cache, memory, software")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--accel", o.accel, "Recorded as memattr.accel: tcg, kvm, bare-metal, unknown")
      ->capture_default_str();
  app.add_flag("--no-pin", o.no_pin, "Do not pin benchmark threads");
  app.add_option("--chase-stride", o.chase_stride,
                 "latency_chase: bytes between nodes (multiple of 8; 64 = one line, "
                 "256 = multichase's default)")
      ->capture_default_str();
  app.add_flag("--huge-pages", o.huge_pages,
               "Back the default anonymous region with huge pages (MAP_HUGETLB, else "
               "MADV_HUGEPAGE; the context's memattr.region.* says which)");
  app.add_flag("--no-avx512", o.no_avx512,
               "x86_64: run the AVX2 streaming kernels even where cpuid reports AVX-512");
}

Result<BenchRequest> ResolveBenchOptions(const BenchOptions& o) {
  BenchRequest r;
  auto kernels = ResolveKernels(o.kernels);
  if (!kernels) return kernels.error();
  auto regions = ResolveRegions(o.regions);
  if (!regions) return regions.error();
  auto attributes = ResolveAttributes(o.attributes);
  if (!attributes) return attributes.error();
  auto sets = ResolveCounterSets(o.counters);
  if (!sets) return sets.error();
  if (Status s = CheckThreads(o.threads); !s) return s.error();
  if (!o.working_set.empty()) {
    auto bytes = ParseSize(o.working_set);
    if (!bytes || *bytes == 0)
      return Error{"--working-set '" + o.working_set +
                   "': " + (bytes ? std::string("must be > 0") : bytes.error().message)};
    r.working_set_bytes = *bytes;
  }
  r.kernels = *kernels;
  r.regions = *regions;
  r.attributes = *attributes;
  r.counter_sets = *sets;
  r.threads = o.threads;
  r.tuning.prefer_avx512 = !o.no_avx512;
  r.huge_pages = o.huge_pages;
  if (o.huge_pages && !o.regions.empty())
    return Error{"--huge-pages applies to the default region; with --region give huge=yes"};
  auto stride = ParseSize(o.chase_stride);
  if (!stride || *stride < 8 || *stride % 8 != 0)
    return Error{
        "--chase-stride '" + o.chase_stride + "': " +
        (stride ? std::string("must be a multiple of 8 bytes, >= 8") : stride.error().message)};
  r.tuning.chase_stride_bytes = *stride;
  return r;
}

}  // namespace memattr
