#include "probes/atomic_probes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>

#include "kernels/exclusive/testing/exclusive_test_loops.h"
#include "memattr/mapped_region.h"

namespace memattr {
namespace {

using ::testing::HasSubstr;

// Modest counts: under qemu-user, contended atomics are slow.
constexpr ProbeOptions kSmall{.threads = 2, .increments_per_thread = 2000};

MappedRegion AnonymousRegion() {
  Result<MappedRegion> region =
      MapRegion({.kind = RegionKind::kAnonymous, .size = 4096}, MemoryAttribute::kNormalWb);
  EXPECT_TRUE(region.ok()) << region.error().message;
  return std::move(*region);
}

TEST(AtomicProbesTest, lse_atomics_are_ok_on_anonymous_memory) {
  MappedRegion region = AnonymousRegion();
  const Outcome o = ProbeLseAtomics(region.bytes(), kSmall);
  EXPECT_TRUE(o.ok()) << o.ToString();
}

TEST(AtomicProbesTest, atomicity_under_contention_is_ok_on_anonymous_memory) {
  MappedRegion region = AnonymousRegion();
  const Outcome o = ProbeAtomicityUnderContention(region.bytes(), kSmall);
  EXPECT_TRUE(o.ok()) << o.ToString();
}

// A non-atomic read-modify-write whose threads are lock-stepped between the load and the
// store, so every round of updates races: N threads x M increments leave exactly M.
TEST(AtomicProbesTest, lost_updates_are_wrong_data_with_expected_and_got) {
  MappedRegion region = AnonymousRegion();
  const ProbeOptions options{.threads = 2, .increments_per_thread = 50};
  std::barrier lockstep(options.threads);
  auto racy_increment = [&](std::uint64_t* counter, std::uint64_t n) {
    std::atomic_ref<std::uint64_t> c(*counter);
    for (std::uint64_t i = 0; i < n; ++i) {
      const std::uint64_t seen = c.load(std::memory_order_relaxed);
      lockstep.arrive_and_wait();
      c.store(seen + 1, std::memory_order_relaxed);
      lockstep.arrive_and_wait();
    }
  };
  const Outcome o = CheckAtomicityUnderContention(region.bytes(), options, racy_increment);
  EXPECT_EQ(o.kind, OutcomeKind::kWrongData) << o.ToString();
  EXPECT_EQ(o.expected, 100u);
  EXPECT_EQ(o.got, 50u);
  EXPECT_THAT(o.reason, HasSubstr("2 threads x 50 increments"));
}

TEST(AtomicProbesTest, a_store_exclusive_that_never_succeeds_ends_as_failed) {
  MappedRegion region = AnonymousRegion();
#if defined(__aarch64__)
  const ExclusiveLoopFn never = memattr_test_exclusive_increment_always_fails;  // real retry code
#else
  const ExclusiveLoopFn never = testing::NeverSucceedsLoop;
#endif
  const Outcome o = CheckExclusiveLoop(
      region.bytes(), kSmall, {.name = "exclusive_loop", .loop = never, .tries_per_op = 64});
  EXPECT_EQ(o.kind, OutcomeKind::kError) << o.ToString();
  EXPECT_THAT(o.reason, HasSubstr("store-exclusive never succeeded after 64 tries"));
}

TEST(AtomicProbesTest, too_small_regions_and_zero_threads_are_refused_with_sizes) {
  MappedRegion region = AnonymousRegion();
  const Outcome small = ProbeLseAtomics(region.bytes().subspan(8, 16), kSmall);
  EXPECT_EQ(small.kind, OutcomeKind::kError);
  EXPECT_THAT(small.reason, HasSubstr("region of 16 bytes is too small"));
  const Outcome no_threads =
      ProbeAtomicityUnderContention(region.bytes(), {.threads = 0, .increments_per_thread = 1});
  EXPECT_EQ(no_threads.kind, OutcomeKind::kError);
  EXPECT_THAT(no_threads.reason, HasSubstr("threads >= 1"));
}

#if defined(__aarch64__)
TEST(AtomicProbesTest, exclusive_loop_is_ok_on_anonymous_memory) {
  MappedRegion region = AnonymousRegion();
  const Outcome o = ProbeExclusiveLoop(region.bytes(), kSmall);
  EXPECT_TRUE(o.ok()) << o.ToString();
}
#else
TEST(AtomicProbesTest, exclusive_loop_is_skipped_on_x86_64_with_the_reason) {
  MappedRegion region = AnonymousRegion();
  const Outcome o = ProbeExclusiveLoop(region.bytes(), kSmall);
  EXPECT_EQ(o.kind, OutcomeKind::kSkipped);
  EXPECT_EQ(o.reason, "x86_64 has no load/store-exclusive");
}
#endif

}  // namespace
}  // namespace memattr
