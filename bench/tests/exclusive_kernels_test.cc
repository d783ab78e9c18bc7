#include "kernels/exclusive/exclusive_kernels.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <tuple>
#include <vector>

#include "kernels/exclusive/exclusive_prepared_kernel.h"
#include "kernels/exclusive/testing/exclusive_test_loops.h"
#include "memattr/mapped_region.h"

namespace memattr {
namespace {

using ::testing::HasSubstr;

MappedRegion AnonymousRegion() {
  Result<MappedRegion> region =
      MapRegion({.kind = RegionKind::kAnonymous, .size = 4096}, MemoryAttribute::kNormalWb);
  EXPECT_TRUE(region.ok()) << region.error().message;
  return std::move(*region);
}

// The counter's words: the prepared kernel puts them at the first 64-byte boundary, which an
// mmap'ed region starts on.
std::uint64_t Word(const MappedRegion& region, int index) {
  return reinterpret_cast<const std::uint64_t*>(region.bytes().data())[index];
}

const KernelInfo& Find(const std::string& name) {
  return *std::find_if(ExclusiveKernels().begin(), ExclusiveKernels().end(),
                       [&](const KernelInfo& k) { return k.name == name; });
}

TEST(ExclusiveKernelsTest, catalogue_names_arm64_instructions_and_why_not_x86) {
  ASSERT_EQ(ExclusiveKernels().size(), 3u);
  for (const KernelInfo& k : ExclusiveKernels()) {
    EXPECT_EQ(k.family, KernelFamily::kExclusive) << k.name;
    EXPECT_EQ(k.aarch64_instructions.size(), 2u) << k.name;
    EXPECT_FALSE(k.AvailableOn(Arch::kX86_64)) << k.name;
    EXPECT_EQ(k.not_applicable_reason, "x86_64 has no load/store-exclusive") << k.name;
  }
  EXPECT_EQ(Find("exclusive_pair_increment").aarch64_instructions,
            (std::vector<std::string>{"ldxp", "stxp"}));
}

TEST(ExclusiveKernelsTest, refuses_other_families) {
  MappedRegion region = AnonymousRegion();
  KernelInfo other = Find("exclusive_increment");
  other.name = "atomic_cas_padded";
  auto k = PrepareExclusiveKernel(other, region.bytes(), {.threads = 1});
  ASSERT_FALSE(k.ok());
  EXPECT_THAT(k.error().message, HasSubstr("'atomic_cas_padded' is not an exclusive kernel"));
}

// ---- The prepared kernel's bookkeeping, with C++ stand-in loops (every arch). ----

TEST(ExclusivePreparedKernelTest, a_loop_that_gives_up_fails_verify_with_the_bound) {
  MappedRegion region = AnonymousRegion();
  auto k = MakeExclusiveKernel(
      {.name = "never", .loop = testing::NeverSucceedsLoop, .tries_per_op = 7}, region.bytes(), 1);
  ASSERT_TRUE(k.ok()) << k.error().message;
  (*k)->RunIteration(0);
  EXPECT_EQ((*k)->Totals().at("stxr_failures"), 7.0);
  const Outcome o = (*k)->Verify();
  EXPECT_EQ(o.kind, OutcomeKind::kError);
  EXPECT_THAT(o.reason, HasSubstr("never: store-exclusive never succeeded after 7 tries"));
}

TEST(ExclusivePreparedKernelTest, lost_increments_are_wrong_data) {
  MappedRegion region = AnonymousRegion();
  auto k = MakeExclusiveKernel(
      {.name = "lossy", .loop = testing::LosesIncrementsLoop, .words = 2, .ops_per_iteration = 10},
      region.bytes(), 2);
  ASSERT_TRUE(k.ok()) << k.error().message;
  (*k)->RunIteration(0);
  (*k)->RunIteration(1);
  const Outcome o = (*k)->Verify();
  EXPECT_EQ(o.kind, OutcomeKind::kWrongData);
  EXPECT_EQ(o.expected, 20u);
  EXPECT_EQ(o.got, 0u);
}

TEST(ExclusivePreparedKernelTest, refuses_bad_arguments) {
  MappedRegion region = AnonymousRegion();
  const ExclusiveKernelSpec spec{.name = "x", .loop = testing::NeverSucceedsLoop};
  auto threads = MakeExclusiveKernel(spec, region.bytes(), 0);
  ASSERT_FALSE(threads.ok());
  EXPECT_THAT(threads.error().message, HasSubstr("x: threads must be >= 1, got 0"));
  auto small = MakeExclusiveKernel(spec, region.bytes().subspan(1, 40), 1);
  ASSERT_FALSE(small.ok());
  EXPECT_THAT(small.error().message, HasSubstr("region of 40 bytes is too small"));
  ExclusiveKernelSpec no_tries = spec;
  no_tries.tries_per_op = 0;
  EXPECT_FALSE(MakeExclusiveKernel(no_tries, region.bytes(), 1).ok());
}

#if defined(__aarch64__)

// ---- The real kernels (arm64; under qemu-aarch64-static in the cross build). ----

class EveryExclusiveKernel : public ::testing::TestWithParam<std::tuple<std::string, int>> {};

TEST_P(EveryExclusiveKernel, counts_every_increment_exactly) {
  const auto& [name, threads] = GetParam();
  MappedRegion region = AnonymousRegion();
  auto k = PrepareExclusiveKernel(Find(name), region.bytes(), {.threads = threads});
  ASSERT_TRUE(k.ok()) << k.error().message;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&k, t] {
      for (int i = 0; i < 2; ++i) (*k)->RunIteration(t);
    });
  for (std::thread& w : workers) w.join();
  const Outcome o = (*k)->Verify();
  EXPECT_TRUE(o.ok()) << o.ToString();
  const std::uint64_t ops = threads * 2 * (*k)->ItemsPerIteration();
  EXPECT_EQ(Word(region, 0), ops);
  EXPECT_EQ(Word(region, 1), name == "exclusive_pair_increment" ? ops : 0u);
  EXPECT_EQ((*k)->Totals().count("stxr_failures"), 1u);
}

INSTANTIATE_TEST_SUITE_P(OneAndTwoThreads, EveryExclusiveKernel,
                         ::testing::Combine(::testing::Values("exclusive_increment",
                                                              "exclusive_increment_acqrel",
                                                              "exclusive_pair_increment"),
                                            ::testing::Values(1, 2)),
                         [](const auto& info) {
                           return std::get<0>(info.param) + "_" +
                                  std::to_string(std::get<1>(info.param)) + "_threads";
                         });

// ---- The production retry code with a CLREX injected (testing/exclusive_failure_injection.S).

struct Injected {
  const char* name;
  ExclusiveLoopFn always_fails;
  ExclusiveLoopFn fails_once;
  unsigned words;
};

void PrintTo(const Injected& injected, std::ostream* os) { *os << injected.name; }

class InjectedFailures : public ::testing::TestWithParam<Injected> {
 protected:
  // The fails-once seam, 5 ops, `tries` per op, run once by one thread.
  std::unique_ptr<PreparedKernel> RunFailsOnce(std::uint64_t tries) {
    auto k = MakeExclusiveKernel({.name = GetParam().name,
                                  .loop = GetParam().fails_once,
                                  .words = GetParam().words,
                                  .ops_per_iteration = 5,
                                  .tries_per_op = tries},
                                 region_.bytes(), 1);
    EXPECT_TRUE(k.ok()) << k.error().message;
    if (!k.ok()) return nullptr;
    (*k)->RunIteration(0);
    return std::move(*k);
  }
  MappedRegion region_ = AnonymousRegion();
};

TEST_P(InjectedFailures, every_failure_is_counted_and_the_op_retried) {
  auto k = RunFailsOnce(2);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->Totals().at("stxr_failures"), 5.0);
  EXPECT_TRUE(k->Verify().ok()) << k->Verify().ToString();
  for (unsigned w = 0; w < GetParam().words; ++w) EXPECT_EQ(Word(region_, w), 5u);
}

TEST_P(InjectedFailures, a_bound_of_one_try_gives_up_at_the_first_failure) {
  auto k = RunFailsOnce(1);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->Totals().at("stxr_failures"), 1.0);
  const Outcome o = k->Verify();
  EXPECT_EQ(o.kind, OutcomeKind::kError);
  EXPECT_THAT(o.reason, HasSubstr("store-exclusive never succeeded after 1 tries"));
  EXPECT_THAT(o.reason, HasSubstr("0 of 5 ops completed"));
}

TEST_P(InjectedFailures, a_livelock_ends_after_the_bound_and_stores_nothing) {
  std::uint64_t failures = 0;
  auto* counter = reinterpret_cast<std::uint64_t*>(region_.bytes().data());
  EXPECT_EQ(GetParam().always_fails(counter, 1000, 300, &failures), 0u);
  EXPECT_EQ(failures, 300u);
  EXPECT_EQ(Word(region_, 0), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    SingleAndPair, InjectedFailures,
    ::testing::Values(Injected{"increment", memattr_test_exclusive_increment_always_fails,
                               memattr_test_exclusive_increment_fails_once, 1},
                      Injected{"pair", memattr_test_exclusive_pair_increment_always_fails,
                               memattr_test_exclusive_pair_increment_fails_once, 2}),
    [](const auto& info) { return std::string(info.param.name); });

#else  // x86_64

TEST(ExclusiveKernelsTest, x86_64_refuses_with_the_reason) {
  MappedRegion region = AnonymousRegion();
  auto k = PrepareExclusiveKernel(Find("exclusive_increment"), region.bytes(), {.threads = 1});
  ASSERT_FALSE(k.ok());
  EXPECT_THAT(k.error().message, HasSubstr("x86_64 has no load/store-exclusive"));
}

#endif

}  // namespace
}  // namespace memattr
