#include "memattr/cpu_features.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace memattr {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

bool Has(const CpuFeatures& cpu, const std::string& name) {
  return std::find(cpu.hwcaps.begin(), cpu.hwcaps.end(), name) != cpu.hwcaps.end();
}

TEST(CpuFeaturesTest, arch_matches_the_build) {
  EXPECT_EQ(GetCpuFeatures().arch, ThisArch());
  EXPECT_THAT(GetCpuFeatures().Summary(), HasSubstr(ToString(ThisArch())));
}

TEST(CpuFeaturesTest, lse_agrees_with_the_atomics_hwcap) {
  const CpuFeatures& cpu = GetCpuFeatures();
  EXPECT_EQ(cpu.lse, Has(cpu, "atomics"));
  if (cpu.arch == Arch::kX86_64) EXPECT_FALSE(cpu.lse);
}

TEST(CpuFeaturesTest, baseline_features_are_listed) {
  const CpuFeatures& cpu = GetCpuFeatures();
  if (cpu.arch == Arch::kAarch64) {
    EXPECT_THAT(cpu.hwcaps, Contains("fp"));  // mandatory in the arm64 Linux ABI
    EXPECT_THAT(cpu.hwcaps, Contains("asimd"));
  } else {
    EXPECT_THAT(cpu.hwcaps, Contains("sse2"));  // x86_64 baseline
  }
}

TEST(CpuFeaturesTest, dc_zva_block_is_a_plausible_power_of_two) {
  const CpuFeatures& cpu = GetCpuFeatures();
  if (cpu.arch == Arch::kX86_64) {
    EXPECT_FALSE(cpu.dc_zva_available);
    EXPECT_EQ(cpu.dc_zva_block_bytes, 0u);
    EXPECT_THAT(cpu.Summary(), HasSubstr("dc_zva=n/a"));
    return;
  }
  const std::size_t block = cpu.dc_zva_block_bytes;
  EXPECT_GE(block, 4u);
  EXPECT_LE(block, 2048u);  // BS is 4 bits, architecturally at most 9
  EXPECT_EQ(block & (block - 1), 0u);
}

}  // namespace
}  // namespace memattr
