#include "kernels/atomic/atomic_kernels.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <thread>
#include <tuple>
#include <vector>

#include "memattr/mapped_region.h"

namespace memattr {
namespace {

using ::testing::HasSubstr;

constexpr int kIterations = 3;

MappedRegion AnonymousRegion(std::size_t bytes = 64 * 1024) {
  Result<MappedRegion> region =
      MapRegion({.kind = RegionKind::kAnonymous, .size = bytes}, MemoryAttribute::kNormalWb);
  EXPECT_TRUE(region.ok()) << region.error().message;
  return std::move(*region);
}

std::vector<std::uint64_t*> NonZeroWords(std::span<std::byte> region) {
  std::vector<std::uint64_t*> words;
  auto* w = reinterpret_cast<std::uint64_t*>(region.data());
  for (std::size_t i = 0; i < region.size() / 8; ++i)
    if (w[i] != 0) words.push_back(&w[i]);
  return words;
}

std::uint64_t SumOfWords(std::span<std::byte> region) {
  std::uint64_t sum = 0;
  for (std::uint64_t* w : NonZeroWords(region)) sum += *w;
  return sum;
}

// Every thread calls RunIteration kIterations times, all threads at once.
void RunThreads(PreparedKernel& kernel, int threads) {
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&kernel, t] {
      for (int i = 0; i < kIterations; ++i) kernel.RunIteration(t);
    });
  for (std::thread& w : workers) w.join();
}

std::unique_ptr<PreparedKernel> Prepare(const std::string& name, std::span<std::byte> region,
                                        int threads) {
  const KernelInfo& info = *std::find_if(AtomicKernels().begin(), AtomicKernels().end(),
                                         [&](const KernelInfo& k) { return k.name == name; });
  auto kernel = PrepareAtomicKernel(info, region, {.threads = threads});
  EXPECT_TRUE(kernel.ok()) << kernel.error().message;
  return kernel.ok() ? std::move(*kernel) : nullptr;
}

// Prepares `name` on `region` and runs it with `threads` threads; nullptr if Prepare failed.
std::unique_ptr<PreparedKernel> PrepareAndRun(const std::string& name, std::span<std::byte> region,
                                              int threads) {
  auto kernel = Prepare(name, region, threads);
  if (kernel) RunThreads(*kernel, threads);
  return kernel;
}

bool IsSwap(const std::string& name) { return name.starts_with("atomic_swap"); }
bool IsPadded(const std::string& name) { return name.ends_with("_padded"); }

class EveryAtomicKernel : public ::testing::TestWithParam<std::tuple<std::string, int>> {};

TEST_P(EveryAtomicKernel, counts_every_op_exactly) {
  const auto& [name, threads] = GetParam();
  MappedRegion region = AnonymousRegion();
  auto kernel = PrepareAndRun(name, region.bytes(), threads);
  ASSERT_NE(kernel, nullptr);
  const Outcome verified = kernel->Verify();
  EXPECT_TRUE(verified.ok()) << verified.ToString();
  const std::uint64_t counters = IsPadded(name) ? threads : 1;
  ASSERT_EQ(NonZeroWords(region.bytes()).size(), counters);
  // Adds leave exactly the ops done; every swap sequence ends by swapping in 1.
  const std::uint64_t ops = threads * kIterations * kernel->ItemsPerIteration();
  EXPECT_EQ(SumOfWords(region.bytes()), IsSwap(name) ? counters : ops);
}

TEST_P(EveryAtomicKernel, verify_reports_a_corrupted_counter_as_wrong_data) {
  const auto& [name, threads] = GetParam();
  MappedRegion region = AnonymousRegion();
  auto kernel = PrepareAndRun(name, region.bytes(), threads);
  ASSERT_NE(kernel, nullptr);
  *NonZeroWords(region.bytes()).back() += 5;
  const Outcome verified = kernel->Verify();
  EXPECT_EQ(verified.kind, OutcomeKind::kWrongData) << verified.ToString();
  EXPECT_THAT(verified.reason, HasSubstr(name));
}

TEST_P(EveryAtomicKernel, ignores_old_contents_of_the_region) {
  const auto& [name, threads] = GetParam();
  MappedRegion region = AnonymousRegion();
  std::memset(region.bytes().data(), 0xA5, region.bytes().size());
  auto kernel = PrepareAndRun(name, region.bytes(), threads);
  ASSERT_NE(kernel, nullptr);
  const Outcome verified = kernel->Verify();
  EXPECT_TRUE(verified.ok()) << verified.ToString();
}

std::vector<std::string> AtomicKernelNames() {
  std::vector<std::string> names;
  for (const KernelInfo& k : AtomicKernels()) names.push_back(k.name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(OneAndTwoThreads, EveryAtomicKernel,
                         ::testing::Combine(::testing::ValuesIn(AtomicKernelNames()),
                                            ::testing::Values(1, 2)),
                         [](const auto& info) {
                           return std::get<0>(info.param) + "_" +
                                  std::to_string(std::get<1>(info.param)) + "_threads";
                         });

TEST(AtomicKernelsTest, catalogue_has_each_op_in_both_placements) {
  std::set<std::string> names;
  for (const KernelInfo& k : AtomicKernels()) {
    names.insert(k.name);
    EXPECT_EQ(k.family, KernelFamily::kAtomic) << k.name;
    EXPECT_TRUE(k.AvailableOn(Arch::kAarch64) && k.AvailableOn(Arch::kX86_64)) << k.name;
    EXPECT_GT(k.BytesPerElement(), 0u) << k.name;
  }
  for (const char* op : {"atomic_fetch_add", "atomic_store_add", "atomic_cas", "atomic_swap"})
    for (const char* placement : {"_contended", "_padded"})
      EXPECT_EQ(names.count(std::string(op) + placement), 1u) << op << placement;
  EXPECT_EQ(names.size(), AtomicKernels().size()) << "names must be unique";
}

TEST(AtomicKernelsTest, padded_counters_never_share_a_line) {
  MappedRegion region = AnonymousRegion();
  ASSERT_NE(PrepareAndRun("atomic_store_add_padded", region.bytes(), 4), nullptr);
  const std::vector<std::uint64_t*> words = NonZeroWords(region.bytes());
  ASSERT_EQ(words.size(), 4u);
  for (std::size_t i = 1; i < words.size(); ++i)
    EXPECT_GE(reinterpret_cast<std::byte*>(words[i]) - reinterpret_cast<std::byte*>(words[i - 1]),
              256);
}

TEST(AtomicKernelsTest, cas_without_contention_never_fails) {
  MappedRegion region = AnonymousRegion();
  auto kernel = PrepareAndRun("atomic_cas_contended", region.bytes(), 1);
  ASSERT_NE(kernel, nullptr);
  EXPECT_EQ(kernel->Totals().at("cas_failures"), 0.0);
}

TEST(AtomicKernelsTest, fetch_add_returns_every_value_once) {
  MappedRegion region = AnonymousRegion();
  auto* counter = reinterpret_cast<std::uint64_t*>(region.bytes().data());
  *counter = 10;
  EXPECT_EQ(memattr_atomic_fetch_add_loop(counter, 4), 10u + 11 + 12 + 13);
  EXPECT_EQ(*counter, 14u);
}

TEST(AtomicKernelsTest, refuses_bad_threads_small_regions_and_other_families) {
  MappedRegion region = AnonymousRegion();
  const KernelInfo& padded = AtomicKernels()[1];
  ASSERT_EQ(padded.name, "atomic_fetch_add_padded");
  auto no_threads = PrepareAtomicKernel(padded, region.bytes(), {.threads = 0});
  ASSERT_FALSE(no_threads.ok());
  EXPECT_THAT(no_threads.error().message, HasSubstr("threads must be >= 1, got 0"));
  auto small = PrepareAtomicKernel(padded, region.bytes().first(512), {.threads = 4});
  ASSERT_FALSE(small.ok());
  EXPECT_THAT(small.error().message, HasSubstr("region of 512 bytes is too small"));
  KernelInfo other = padded;
  other.name = "stream_copy";
  auto wrong = PrepareAtomicKernel(other, region.bytes(), {.threads = 1});
  ASSERT_FALSE(wrong.ok());
  EXPECT_THAT(wrong.error().message, HasSubstr("'stream_copy' is not an atomic kernel"));
}

}  // namespace
}  // namespace memattr
