#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "harness/benchmark_plan.h"

namespace memattr {
namespace {

using ::testing::HasSubstr;

KernelInfo Kernel(std::string name, KernelFamily family, bool on_this_arch) {
  KernelInfo k;
  k.name = std::move(name);
  k.family = family;
  std::vector<std::string> insns = {"nop"};
  (ThisArch() == Arch::kAarch64 ? k.aarch64_instructions : k.x86_64_instructions) = insns;
  if (!on_this_arch) {
    k.aarch64_instructions.clear();
    k.x86_64_instructions.clear();
    k.not_applicable_reason = "no such instruction here";
  }
  return k;
}

class PlanTest : public ::testing::Test {
 protected:
  std::vector<std::byte> small_ = std::vector<std::byte>(1 << 20);
  std::vector<std::byte> large_ = std::vector<std::byte>(8 << 20);
  KernelInfo copy_ = Kernel("stream_copy", KernelFamily::kStreaming, true);
  KernelInfo chase_ = Kernel("chase", KernelFamily::kLatency, true);
  KernelInfo missing_ = Kernel("ldxr_loop", KernelFamily::kExclusive, false);
  PlanRegion small_region() { return {"small", "anon", small_, MemoryAttribute::kNormalWb}; }
  PlanRegion large_region() { return {"large", "file", large_, MemoryAttribute::kNormalNc}; }
};

TEST_F(PlanTest, crosses_regions_kernels_and_threads_in_order) {
  auto plan = BuildPlan({.kernels = {&copy_, &chase_},
                         .regions = {small_region(), large_region()},
                         .threads = {1, 2}});
  ASSERT_TRUE(plan) << plan.error().message;
  std::vector<std::string> names;
  for (const auto& e : plan->entries) names.push_back(e.FullName());
  EXPECT_THAT(names,
              ::testing::ElementsAre("stream_copy/region:small/attr:normal-wb/real_time/threads:1",
                                     "stream_copy/region:small/attr:normal-wb/real_time/threads:2",
                                     "chase/region:small/attr:normal-wb/real_time/threads:1",
                                     "chase/region:small/attr:normal-wb/real_time/threads:2",
                                     "stream_copy/region:large/attr:normal-nc/real_time/threads:1",
                                     "stream_copy/region:large/attr:normal-nc/real_time/threads:2",
                                     "chase/region:large/attr:normal-nc/real_time/threads:1",
                                     "chase/region:large/attr:normal-nc/real_time/threads:2"));
  EXPECT_EQ(plan->entries[4].memory.data(), large_.data());
  EXPECT_EQ(plan->entries[4].region_kind, "file");
}

TEST_F(PlanTest, kernel_not_built_for_this_arch_is_a_skipped_cell_with_its_reason) {
  auto plan = BuildPlan({.kernels = {&missing_, &copy_}, .regions = {small_region()}});
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->entries.size(), 1u);
  ASSERT_EQ(plan->skipped.size(), 1u);
  EXPECT_EQ(plan->skipped[0].name, "ldxr_loop/region:small/attr:normal-wb/real_time/threads:1");
  EXPECT_THAT(plan->skipped[0].reason, HasSubstr("no such instruction here"));
  EXPECT_THAT(plan->skipped[0].reason, HasSubstr(ToString(ThisArch())));
}

TEST_F(PlanTest, streaming_default_working_set_is_clipped_to_the_region) {
  auto plan = BuildPlan({.kernels = {&copy_, &chase_},
                         .regions = {small_region(), large_region()},
                         .streaming_working_set_bytes = 4 << 20});
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->entries.size(), 4u);
  EXPECT_EQ(plan->entries[0].working_set_bytes, 0u);        // copy on 1 MiB: whole region
  EXPECT_EQ(plan->entries[1].working_set_bytes, 0u);        // chase: whole region
  EXPECT_EQ(plan->entries[2].working_set_bytes, 4u << 20);  // copy on 8 MiB: the default
  EXPECT_EQ(plan->entries[3].working_set_bytes, 0u);
}

TEST_F(PlanTest, explicit_working_set_larger_than_a_region_skips_that_cell) {
  auto plan = BuildPlan({.kernels = {&chase_},
                         .regions = {small_region(), large_region()},
                         .working_set_bytes = 2 << 20});
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->entries.size(), 1u);
  EXPECT_EQ(plan->entries[0].region_name, "large");
  EXPECT_EQ(plan->entries[0].working_set_bytes, 2u << 20);
  ASSERT_EQ(plan->skipped.size(), 1u);
  EXPECT_THAT(plan->skipped[0].reason, HasSubstr("region 'small'"));
}

TEST_F(PlanTest, rejects_bad_requests_naming_the_culprit) {
  auto no_threads = BuildPlan({.kernels = {&copy_}, .regions = {small_region()}, .threads = {0}});
  ASSERT_FALSE(no_threads);
  EXPECT_THAT(no_threads.error().message, HasSubstr("thread count 0"));
  auto duplicate = BuildPlan({.kernels = {&copy_}, .regions = {small_region(), small_region()}});
  ASSERT_FALSE(duplicate);
  EXPECT_THAT(duplicate.error().message,
              HasSubstr("duplicate benchmark 'stream_copy/region:small/attr:normal-wb"));
  EXPECT_FALSE(BuildPlan({.kernels = {}, .regions = {small_region()}}));
}

}  // namespace
}  // namespace memattr
