// Detects CpuFeatures: getauxval(AT_HWCAP/AT_HWCAP2) and DCZID_EL0 on arm64, cpuid on x86_64.
#include "memattr/cpu_features.h"

#include <sys/auxv.h>

#include <array>
#include <cstdint>
#include <string_view>

#if defined(__aarch64__)
#include "arch/aarch64/system_registers.h"
#endif

namespace memattr {
namespace {

#if defined(__aarch64__)
// Bit n of AT_HWCAP / AT_HWCAP2 (arch/arm64/include/uapi/asm/hwcap.h), cpuinfo spelling.
constexpr std::array<std::string_view, 32> kHwcap = {
    "fp",      "asimd", "evtstrm", "aes",   "pmull",    "sha1",   "sha2", "crc32",
    "atomics", "fphp",  "asimdhp", "cpuid", "asimdrdm", "jscvt",  "fcma", "lrcpc",
    "dcpop",   "sha3",  "sm3",     "sm4",   "asimddp",  "sha512", "sve",  "asimdfhm",
    "dit",     "uscat", "ilrcpc",  "flagm", "ssbs",     "sb",     "paca", "pacg"};
constexpr std::array<std::string_view, 19> kHwcap2 = {
    "dcpodp", "sve2",  "sveaes",  "svepmull", "svebitperm", "svesha3", "svesm4",
    "flagm2", "frint", "svei8mm", "svef32mm", "svef64mm",   "svebf16", "i8mm",
    "bf16",   "dgh",   "rng",     "bti",      "mte"};
constexpr unsigned kHwcapAtomicsBit = 8;

template <std::size_t N>
void AppendSetBits(unsigned long bits, const std::array<std::string_view, N>& names,
                   std::vector<std::string>& out) {
  for (std::size_t i = 0; i < N; ++i)
    if (bits & (1UL << i)) out.emplace_back(names[i]);
}

CpuFeatures Detect() {
  CpuFeatures cpu;
  cpu.arch = Arch::kAarch64;
  const unsigned long hwcap = getauxval(AT_HWCAP);
  cpu.lse = hwcap & (1UL << kHwcapAtomicsBit);
  AppendSetBits(hwcap, kHwcap, cpu.hwcaps);
  AppendSetBits(getauxval(AT_HWCAP2), kHwcap2, cpu.hwcaps);
  const std::uint64_t dczid = arch::ReadDczidEl0();
  cpu.dc_zva_block_bytes = std::size_t{4} << (dczid & 0xf);
  cpu.dc_zva_available = !(dczid & 0x10);
  return cpu;
}
#else
CpuFeatures Detect() {
  CpuFeatures cpu;
  cpu.arch = Arch::kX86_64;
  __builtin_cpu_init();
  // __builtin_cpu_supports needs literal names, hence one line each.
  if (__builtin_cpu_supports("sse2")) cpu.hwcaps.emplace_back("sse2");
  if (__builtin_cpu_supports("sse4.2")) cpu.hwcaps.emplace_back("sse4.2");
  if (__builtin_cpu_supports("popcnt")) cpu.hwcaps.emplace_back("popcnt");
  if (__builtin_cpu_supports("avx")) cpu.hwcaps.emplace_back("avx");
  if (__builtin_cpu_supports("avx2")) cpu.hwcaps.emplace_back("avx2");
  if (__builtin_cpu_supports("bmi2")) cpu.hwcaps.emplace_back("bmi2");
  if (__builtin_cpu_supports("avx512f")) cpu.hwcaps.emplace_back("avx512f");
  return cpu;
}
#endif

}  // namespace

std::string CpuFeatures::Summary() const {
  std::string line = std::string(ToString(arch)) + " lse=" + (lse ? "1" : "0") + " dc_zva=";
  line += dc_zva_available         ? std::to_string(dc_zva_block_bytes) + "B"
          : arch == Arch::kAarch64 ? "prohibited"
                                   : "n/a";
  line += " hwcaps=";
  for (std::size_t i = 0; i < hwcaps.size(); ++i) line += (i ? "," : "") + hwcaps[i];
  return line;
}

const CpuFeatures& GetCpuFeatures() {
  static const CpuFeatures kDetected = Detect();
  return kDetected;
}

}  // namespace memattr
