#include <gtest/gtest.h>

#include "harness/benchmark_name.h"

namespace memattr {
namespace {

TEST(BenchmarkNameTest, family_and_full_names_are_fixed_order_paths) {
  BenchmarkNameParts parts{"stream_copy", "dax0.0", MemoryAttribute::kDeviceNGnRE, 4};
  EXPECT_EQ(BenchmarkFamilyName(parts), "stream_copy/region:dax0.0/attr:device-ngnre");
  EXPECT_EQ(BenchmarkFullName(parts),
            "stream_copy/region:dax0.0/attr:device-ngnre/real_time/threads:4");
}

TEST(BenchmarkNameTest, region_labels_cannot_break_the_path) {
  BenchmarkNameParts parts{"chase", "/dev/dax0.0 x:y", MemoryAttribute::kNormalWb, 1};
  EXPECT_EQ(BenchmarkFamilyName(parts), "chase/region:_dev_dax0.0 x_y/attr:normal-wb");
}

TEST(BenchmarkNameTest, parses_what_it_builds) {
  BenchmarkNameParts parts{"atomic_ldadd", "anon", MemoryAttribute::kNormalNc, 2};
  auto full = ParseBenchmarkName(BenchmarkFullName(parts));
  ASSERT_TRUE(full.has_value());
  EXPECT_EQ(full->kernel, "atomic_ldadd");
  EXPECT_EQ(full->region, "anon");
  EXPECT_EQ(full->attribute, MemoryAttribute::kNormalNc);
  EXPECT_EQ(full->threads, 2);
  auto family = ParseBenchmarkName(BenchmarkFamilyName(parts));
  ASSERT_TRUE(family.has_value());
  EXPECT_EQ(family->threads, 1);
}

TEST(BenchmarkNameTest, rejects_names_that_are_not_ours) {
  EXPECT_FALSE(ParseBenchmarkName("BM_memcpy/64"));
  EXPECT_FALSE(ParseBenchmarkName("k/region:r/attr:normal-wt"));
  EXPECT_FALSE(ParseBenchmarkName("k/region:/attr:normal-wb"));
  EXPECT_FALSE(ParseBenchmarkName("k/region:r/attr:normal-wb/real_time/threads:0"));
  EXPECT_FALSE(ParseBenchmarkName("k/region:r/attr:normal-wb/real_time/threads:2_mean"));
  EXPECT_FALSE(ParseBenchmarkName("k/region:r/attr:normal-wb/threads:2"));
}

}  // namespace
}  // namespace memattr
