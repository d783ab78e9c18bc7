#include "kernels/latency/latency_kernels.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "memattr/kernel_info.h"
#include "memattr/kernel_runner.h"

namespace memattr {
namespace {

using ::testing::HasSubstr;

const KernelInfo& Chase() { return *FindKernel("latency_chase"); }

TEST(LatencyKernelsTest, assembly_chase_matches_the_reference_walk) {
  std::vector<std::byte> arena(128 << 10);
  auto chase = BuildChase(arena, {.seed = 11});
  ASSERT_TRUE(chase.ok());
  for (std::uint64_t loads : {8u, 64u, 2048u, 100000u})
    EXPECT_EQ(memattr_latency_chase(chase->start, loads), ChaseStep(chase->start, loads)) << loads;
}

TEST(LatencyKernelsTest, prepared_chase_verifies_after_iterations) {
  std::vector<std::byte> region(1 << 20);
  for (int threads : {1, 2}) {
    auto prepared =
        PrepareKernel(Chase(), region, {.threads = threads, .working_set_bytes = 16 << 10});
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    for (int i = 0; i < 3; ++i)
      for (int t = 0; t < threads; ++t) (*prepared)->RunIteration(t);
    const Outcome o = (*prepared)->Verify();
    EXPECT_TRUE(o.ok()) << o.ToString();
    EXPECT_EQ((*prepared)->ItemsPerIteration(), kChaseLoadsPerIteration);
    EXPECT_EQ((*prepared)->BytesPerIteration(), 0u);
    // 16 KiB less line alignment, split over the threads, one node per 64-byte line.
    EXPECT_LE((*prepared)->Totals().at("chase_nodes"), (16 << 10) / 64);
    EXPECT_GE((*prepared)->Totals().at("chase_nodes"), (16 << 10) / 64 - threads - 1);
  }
}

TEST(LatencyKernelsTest, verify_fails_when_the_chain_is_broken) {
  std::vector<std::byte> region(64 << 10);
  auto prepared = PrepareKernel(Chase(), region, {.threads = 1});
  ASSERT_TRUE(prepared.ok());
  (*prepared)->RunIteration(0);
  ASSERT_TRUE((*prepared)->Verify().ok());
  for (std::byte& b : region) b = std::byte{0};  // every pointer now null
  const Outcome o = (*prepared)->Verify();
  EXPECT_FALSE(o.ok());
  EXPECT_THAT(o.reason, HasSubstr("latency_chase"));
}

TEST(LatencyKernelsTest, working_set_larger_than_region_is_an_error) {
  std::vector<std::byte> region(64 << 10);
  auto prepared = PrepareKernel(Chase(), region, {.working_set_bytes = 1 << 20});
  ASSERT_FALSE(prepared.ok());
  EXPECT_THAT(prepared.error().message, HasSubstr("working_set_bytes"));
}

TEST(LatencyKernelsTest, streaming_kernel_is_refused) {
  std::vector<std::byte> region(64 << 10);
  auto prepared = PrepareLatencyKernel(*FindKernel("stream_copy_simd"), region, {});
  ASSERT_FALSE(prepared.ok());
  EXPECT_THAT(prepared.error().message, HasSubstr("not a latency kernel"));
}

}  // namespace
}  // namespace memattr
