#include "dc_zva_probe.h"

#include "memattr/cpu_features.h"
#include "probe_memory.h"

#if defined(__aarch64__)
#include "arch/aarch64/cache_zeroing.h"
#endif

namespace memattr {

#if defined(__aarch64__)
Outcome ProbeDcZva(std::span<std::byte> region, const ProbeOptions&) {
  const CpuFeatures& cpu = GetCpuFeatures();
  if (!cpu.dc_zva_available) return Outcome::Skipped("DC ZVA prohibited (DCZID_EL0.DZP = 1)");
  const std::size_t block = cpu.dc_zva_block_bytes;
  std::byte* start = AlignedWindow(region, block, block);
  if (!start) return TooSmall("dc_zva", block, block);
  constexpr std::uint64_t kSeed = 0x2e0;
  const bool has_next = AlignedWindow(region, block, block + 8) == start;
  const std::size_t words = block / 8 + (has_next ? 1 : 0);
  FillWords(start, words, kSeed);
  arch::DcZva(start);
  if (Outcome zeroed = CheckWordsEqual(start, block / 8, 0, "dc zva block"); !zeroed.ok())
    return zeroed;
  if (!has_next) return Outcome::Ok();
  // The word after the block must keep its pattern value (index block/8 of the fill).
  const std::uint64_t want = PatternWord(kSeed, block / 8);
  const Outcome after = CheckWordsEqual(start + block, 1, want, "word after the dc zva block");
  return after;
}
#else
Outcome ProbeDcZva(std::span<std::byte>, const ProbeOptions&) {
  return Outcome::Skipped("DC ZVA is an arm64 instruction");
}
#endif

}  // namespace memattr
