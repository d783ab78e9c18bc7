// R4: every kernel symbol, disassembled with objdump (the cross objdump in arm64 builds),
// contains the instructions its KernelInfo names and calls no __aarch64_* outline helper.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "memattr/kernel_catalog.h"

#ifndef MEMATTR_OBJDUMP
#error "MEMATTR_OBJDUMP (CMAKE_OBJDUMP) must be defined by the build"
#endif
#ifndef MEMATTR_BENCH_LIBRARY
#error "MEMATTR_BENCH_LIBRARY (the memattr_bench archive) must be defined by the build"
#endif

namespace memattr {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The instructions (mnemonic + operands, whitespace collapsed) of `symbol` in `file`.
std::vector<std::string> Disassemble(const std::string& file, const std::string& symbol) {
  const std::string cmd = std::string(MEMATTR_OBJDUMP) +
                          " -d --no-show-raw-insn --disassemble=" + symbol + " " + file + " 2>&1";
  std::vector<std::string> out;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return out;
  char line[512];
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    std::string text(line);
    const auto colon = text.find(":\t");  // "  1c:\tldp\tq0, q1, [x1]"
    if (colon == std::string::npos) continue;
    std::istringstream words(text.substr(colon + 2));
    std::string insn, word;
    while (words >> word) insn += (insn.empty() ? "" : " ") + word;
    if (!insn.empty()) out.push_back(insn);
  }
  ::pclose(pipe);
  return out;
}

// `wanted` is a mnemonic ("ldp": not "ldpsw") or a mnemonic plus an operand prefix
// ("ldp q", "dc zva", "rep stos").
bool Contains(const std::vector<std::string>& insns, const std::string& wanted) {
  const bool has_operand = wanted.find(' ') != std::string::npos;
  for (const std::string& insn : insns) {
    if (insn.compare(0, wanted.size(), wanted) != 0) continue;
    if (has_operand || insn.size() == wanted.size() || insn[wanted.size()] == ' ') return true;
  }
  return false;
}

std::string Joined(const std::vector<std::string>& insns) {
  std::string all;
  for (const std::string& i : insns) all += i + "\n";
  return all;
}

TEST(KernelInstructionsTest, every_kernel_contains_its_named_instructions) {
  int checked = 0;
  for (const KernelInfo& kernel : AllKernels()) {
    if (!kernel.AvailableOn(ThisArch())) continue;
    const std::vector<std::string> body = Disassemble(MEMATTR_BENCH_LIBRARY, kernel.symbol);
    ASSERT_FALSE(body.empty()) << kernel.symbol << " not found in " << MEMATTR_BENCH_LIBRARY;
    for (const std::string& insn : kernel.InstructionsFor(ThisArch()))
      EXPECT_TRUE(Contains(body, insn)) << kernel.name << " lacks '" << insn << "':\n"
                                        << Joined(body);
    EXPECT_THAT(Joined(body), Not(HasSubstr("__aarch64_"))) << kernel.name << ": outline atomics";
    ++checked;
  }
  EXPECT_GE(checked, 20);
}

// The AVX-512 variants (x86_64) exist in the binary and use zmm registers: objdump proves the
// run-time choice has real wide code to choose.
TEST(KernelInstructionsTest, avx512_variants_contain_their_zmm_instructions) {
  if (ThisArch() != Arch::kX86_64) GTEST_SKIP() << "AVX-512 variants are x86_64 only";
  int checked = 0;
  for (const KernelInfo& kernel : AllKernels()) {
    if (kernel.avx512_symbol.empty()) continue;
    const std::vector<std::string> body = Disassemble(MEMATTR_BENCH_LIBRARY, kernel.avx512_symbol);
    ASSERT_FALSE(body.empty()) << kernel.avx512_symbol << " not found";
    for (const std::string& insn : kernel.avx512_instructions)
      EXPECT_TRUE(Contains(body, insn)) << kernel.avx512_symbol << " lacks '" << insn << "'";
    EXPECT_THAT(Joined(body), HasSubstr("%zmm")) << kernel.avx512_symbol;
    EXPECT_THAT(Joined(Disassemble(MEMATTR_BENCH_LIBRARY, kernel.symbol)), Not(HasSubstr("%zmm")))
        << kernel.symbol << ": the AVX2 code must not need AVX-512";
    ++checked;
  }
  EXPECT_GE(checked, 2);  // at least triad and copy NT
}

// Only the _nt kernels use non-temporal loads or stores (or the NT variants prove nothing);
// an _nt kernel that stores uses NT stores.
TEST(KernelInstructionsTest, only_nt_kernels_use_non_temporal_instructions) {
  const std::vector<std::string> nt_stores = {"stnp",    "vmovntdq", "vmovntpd", "vmovntps",
                                              "movntdq", "movnti",   "movntpd",  "movntps"};
  const std::vector<std::string> nt_loads = {"ldnp", "vmovntdqa", "movntdqa"};
  for (const KernelInfo& kernel : AllKernels()) {
    if (kernel.family != KernelFamily::kStreaming || !kernel.AvailableOn(ThisArch())) continue;
    const std::vector<std::string> body = Disassemble(MEMATTR_BENCH_LIBRARY, kernel.symbol);
    const bool nt = kernel.name.ends_with("_nt");
    bool has_nt_store = false;
    for (const std::string& insn : nt_stores) has_nt_store |= Contains(body, insn);
    EXPECT_EQ(has_nt_store, kernel.non_temporal_stores) << kernel.name;
    for (const std::string& insn : nt_loads)
      if (!nt) EXPECT_FALSE(Contains(body, insn)) << kernel.name << " uses " << insn;
  }
}

TEST(KernelInstructionsTest, matcher_rejects_missing_and_partial_mnemonics) {
  const std::string symbol = "memattr_stream_copy_scalar";
  const std::vector<std::string> body = Disassemble(MEMATTR_BENCH_LIBRARY, symbol);
  ASSERT_FALSE(body.empty());
  EXPECT_FALSE(Contains(body, "bogusmnemonic"));
  EXPECT_FALSE(Contains(body, ThisArch() == Arch::kAarch64 ? "ld" : "mo"));  // not a prefix match
  EXPECT_FALSE(Contains(body, ThisArch() == Arch::kAarch64 ? "ldp q" : "vmovdqu"));  // SIMD only
  EXPECT_TRUE(Contains(body, ThisArch() == Arch::kAarch64 ? "ldp x" : "mov"));
}

TEST(KernelInstructionsTest, unknown_symbol_disassembles_to_nothing) {
  EXPECT_TRUE(Disassemble(MEMATTR_BENCH_LIBRARY, "memattr_no_such_kernel").empty());
}

}  // namespace
}  // namespace memattr
