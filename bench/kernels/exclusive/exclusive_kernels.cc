// The exclusive family's catalogue. Entries exist on every arch (so --list shows them); on
// x86_64 they carry not_applicable_reason and no instructions, and Prepare refuses.
#include "kernels/exclusive/exclusive_kernels.h"

#include <array>

#include "kernels/exclusive/exclusive_prepared_kernel.h"

namespace memattr {
namespace {

constexpr char kNoExclusivesOnX86[] = "x86_64 has no load/store-exclusive";

struct ExclusiveRow {
  const char* name;
  const char* symbol;
  const char* description;
  const char* load;
  const char* store;
  unsigned words;
};

constexpr std::array<ExclusiveRow, 3> kRows{{
    {"exclusive_increment", "memattr_exclusive_increment_loop",
     "LDXR/STXR increment of one 8-byte counter shared by all threads; items = ops, "
     "stxr_failures counted",
     "ldxr", "stxr", 1},
    {"exclusive_increment_acqrel", "memattr_exclusive_increment_acqrel_loop",
     "LDAXR/STLXR (acquire/release) increment of one shared 8-byte counter; items = ops, "
     "stxr_failures counted",
     "ldaxr", "stlxr", 1},
    {"exclusive_pair_increment", "memattr_exclusive_pair_increment_loop",
     "LDXP/STXP increment of both words of one shared 16-byte pair; items = ops, "
     "stxr_failures counted",
     "ldxp", "stxp", 2},
}};

// Same order as kRows; the .S files are built for aarch64 only.
#if defined(__aarch64__)
constexpr std::array<ExclusiveLoopFn, 3> kLoops{memattr_exclusive_increment_loop,
                                                memattr_exclusive_increment_acqrel_loop,
                                                memattr_exclusive_pair_increment_loop};
#else
constexpr std::array<ExclusiveLoopFn, 3> kLoops{};
#endif

KernelInfo MakeInfo(const ExclusiveRow& row) {
  return {
      .name = row.name,
      .symbol = row.symbol,
      .description = row.description,
      .family = KernelFamily::kExclusive,
      .streams = 1,
      .element_bytes = 8 * row.words,
      .bytes_loaded_per_element = 8 * row.words,  // one read-modify-write per op
      .bytes_stored_per_element = 8 * row.words,
      .aarch64_instructions = {row.load, row.store},
      .x86_64_instructions = {},
      .not_applicable_reason = kNoExclusivesOnX86,  // why x86_64_instructions is empty
      .avx512_symbol = "",
      .avx512_instructions = {},
  };
}

}  // namespace

const std::vector<KernelInfo>& ExclusiveKernels() {
  static const std::vector<KernelInfo> kernels = [] {
    std::vector<KernelInfo> infos;
    for (const ExclusiveRow& row : kRows) infos.push_back(MakeInfo(row));
    return infos;
  }();
  return kernels;
}

Result<std::unique_ptr<PreparedKernel>> PrepareExclusiveKernel(const KernelInfo& kernel,
                                                               std::span<std::byte> region,
                                                               const PrepareOptions& options) {
  for (std::size_t i = 0; i < kRows.size(); ++i) {
    if (kernel.name != kRows[i].name) continue;
    if (kLoops[i] == nullptr) return Error{kernel.name + ": " + kNoExclusivesOnX86};
    return MakeExclusiveKernel({.name = kernel.name, .loop = kLoops[i], .words = kRows[i].words},
                               region, options.threads);
  }
  return Error{"'" + kernel.name + "' is not an exclusive kernel"};
}

}  // namespace memattr
