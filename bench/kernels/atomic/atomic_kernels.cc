// The atomic family's catalogue: four operations, each in two placements. The KernelInfo
// entries are derived from the two tables below, so names and instructions stay consistent.
#include "kernels/atomic/atomic_kernels.h"

#include <array>

#include "kernels/atomic/atomic_prepared_kernel.h"

namespace memattr {
namespace {

struct OpRow {
  AtomicOp op;
  const char* stem;  // kernel name = stem + placement suffix
  const char* symbol;
  const char* what;
  const char* aarch64_instruction;
  const char* x86_64_instruction;
};

constexpr std::array<OpRow, 4> kOps{{
    {AtomicOp::kFetchAdd, "atomic_fetch_add", "memattr_atomic_fetch_add_loop",
     "fetch-and-add 1, fetched values summed", "ldaddal", "lock xadd"},
    {AtomicOp::kStoreAdd, "atomic_store_add", "memattr_atomic_store_add_loop",
     "add 1 without fetching", "stadd", "lock add"},
    {AtomicOp::kCas, "atomic_cas", "memattr_atomic_cas_loop",
     "compare-and-swap increment, retried on failure (cas_failures counted)", "casal",
     "lock cmpxchg"},
    {AtomicOp::kSwap, "atomic_swap", "memattr_atomic_swap_loop",
     "swap in a new value, swapped-out values summed", "swpal", "xchg"},
}};

struct PlacementRow {
  Placement placement;
  const char* suffix;
  const char* where;
};

constexpr std::array<PlacementRow, 2> kPlacements{{
    {Placement::kContended, "_contended", "on one 8-byte counter shared by all threads"},
    {Placement::kPadded, "_padded", "on one 8-byte counter per thread, 256 bytes apart"},
}};

struct AtomicEntry {
  KernelInfo info;
  AtomicKernelSpec spec;
};

AtomicEntry MakeEntry(const OpRow& op, const PlacementRow& placement) {
  const std::string name = std::string(op.stem) + placement.suffix;
  KernelInfo info{
      .name = name,
      .symbol = op.symbol,
      .description = std::string(op.what) + ", " + placement.where + "; items = ops",
      .family = KernelFamily::kAtomic,
      .streams = 1,
      .element_bytes = 8,
      .bytes_loaded_per_element = 8,  // one 8-byte read-modify-write per op
      .bytes_stored_per_element = 8,
      .aarch64_instructions = {op.aarch64_instruction},
      .x86_64_instructions = {op.x86_64_instruction},
      .not_applicable_reason = "",
      .avx512_symbol = "",
      .avx512_instructions = {},
  };
  return {std::move(info), {.name = name, .op = op.op, .placement = placement.placement}};
}

const std::vector<AtomicEntry>& Entries() {
  static const std::vector<AtomicEntry> entries = [] {
    std::vector<AtomicEntry> all;
    for (const OpRow& op : kOps)
      for (const PlacementRow& placement : kPlacements) all.push_back(MakeEntry(op, placement));
    return all;
  }();
  return entries;
}

}  // namespace

const std::vector<KernelInfo>& AtomicKernels() {
  static const std::vector<KernelInfo> kernels = [] {
    std::vector<KernelInfo> infos;
    for (const AtomicEntry& e : Entries()) infos.push_back(e.info);
    return infos;
  }();
  return kernels;
}

Result<std::unique_ptr<PreparedKernel>> PrepareAtomicKernel(const KernelInfo& kernel,
                                                            std::span<std::byte> region,
                                                            const PrepareOptions& options) {
  for (const AtomicEntry& e : Entries())
    if (e.info.name == kernel.name) return MakeAtomicKernel(e.spec, region, options.threads);
  return Error{"'" + kernel.name + "' is not an atomic kernel"};
}

}  // namespace memattr
