#include "kernels/latency/latency_kernels.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "memattr/kernel_catalog.h"
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
    // 16 KiB less line alignment, split over the threads, one node per 256 bytes (default).
    EXPECT_LE((*prepared)->Facts().at("chase_nodes"), (16 << 10) / 256);
    EXPECT_GE((*prepared)->Facts().at("chase_nodes"), (16 << 10) / 256 - threads - 1);
    EXPECT_EQ((*prepared)->Facts().at("chase_stride_bytes"), 256);
    EXPECT_EQ((*prepared)->Label(), "chase_stride_bytes=256");
  }
}

TEST(LatencyKernelsTest, stride_is_a_parameter_and_odd_strides_are_refused) {
  std::vector<std::byte> region(1 << 20);
  for (std::size_t stride : {8u, 64u, 192u, 4096u}) {
    auto prepared = PrepareKernel(
        Chase(), region, {.working_set_bytes = 64 << 10, .tuning = {.chase_stride_bytes = stride}});
    ASSERT_TRUE(prepared.ok()) << stride << ": " << prepared.error().message;
    // 64 KiB less up to 63 bytes of line alignment, one node per stride.
    EXPECT_LE((*prepared)->Facts().at("chase_nodes"), (64 << 10) / stride) << stride;
    EXPECT_GE((*prepared)->Facts().at("chase_nodes"), ((64 << 10) - 63) / stride) << stride;
    EXPECT_EQ((*prepared)->Label(), "chase_stride_bytes=" + std::to_string(stride));
    (*prepared)->RunIteration(0);
    EXPECT_TRUE((*prepared)->Verify().ok()) << stride;
  }
  auto odd = PrepareKernel(Chase(), region, {.tuning = {.chase_stride_bytes = 12}});
  ASSERT_FALSE(odd.ok());
  EXPECT_THAT(odd.error().message, HasSubstr("12"));
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

// Two views of one page, back to back: the second page's writes land on the first's, as
// writes to a register window do not read back. Prepare must refuse before the kernel follows
// a pointer that is not there any more.
TEST(LatencyKernelsTest, region_that_does_not_keep_its_writes_is_refused) {
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const int fd = memfd_create("memattr_alias", 0);
  ASSERT_GE(fd, 0) << std::strerror(errno);
  ASSERT_EQ(ftruncate(fd, static_cast<off_t>(page)), 0) << std::strerror(errno);
  void* area = mmap(nullptr, 2 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(area, MAP_FAILED);
  auto* bytes = static_cast<std::byte*>(area);
  for (std::size_t half : {0u, 1u})
    ASSERT_NE(
        mmap(bytes + half * page, page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0),
        MAP_FAILED);
  close(fd);
  auto prepared = PrepareKernel(Chase(), {bytes, 2 * page}, {.threads = 1});
  munmap(area, 2 * page);
  ASSERT_FALSE(prepared) << "latency_chase accepted memory that loses its writes";
  EXPECT_THAT(prepared.error().message, HasSubstr("does not hold the chase written to it"));
}

TEST(LatencyKernelsTest, too_small_region_names_size_and_minimum) {
  alignas(64) std::byte region[128];
  const PrepareOptions line_stride{.threads = 1, .tuning = {.chase_stride_bytes = 64}};
  auto prepared = PrepareKernel(Chase(), {region, 127}, line_stride);
  ASSERT_FALSE(prepared);
  EXPECT_THAT(
      prepared.error().message,
      HasSubstr(
          "latency_chase: region of 127 bytes is too small for 1 thread(s) (needs at least 128"));
  EXPECT_TRUE(PrepareKernel(Chase(), {region, 128}, line_stride));
  EXPECT_FALSE(PrepareKernel(Chase(), {region, 128}, {.threads = 1}));  // 256-byte default
}

}  // namespace
}  // namespace memattr
