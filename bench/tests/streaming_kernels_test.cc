// Each streaming kernel computes exactly what its KernelInfo says, on small arrays, called
// directly and through PrepareStreamingKernel (whose Verify must catch wrong data).
#include "kernels/streaming/streaming_kernels.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "memattr/kernel_catalog.h"
#include "memattr/kernel_runner.h"

namespace memattr {
namespace {

using ::testing::HasSubstr;

constexpr std::size_t kElements = 2048;  // two 8 KiB blocks per array

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};
using Array = std::unique_ptr<std::uint64_t[], FreeDeleter>;

Array MakeArray(std::uint64_t (*value)(std::size_t)) {
  Array a(static_cast<std::uint64_t*>(std::aligned_alloc(kStreamAlignBytes, kElements * 8)));
  for (std::size_t i = 0; i < kElements; ++i) a[i] = value(i);
  return a;
}
std::uint64_t D(double d) { return std::bit_cast<std::uint64_t>(d); }
double F(std::uint64_t u) { return std::bit_cast<double>(u); }

struct Arrays {
  Array dst = MakeArray([](std::size_t) { return std::uint64_t{0x5555}; });
  Array b = MakeArray([](std::size_t i) { return D(static_cast<double>(i) + 0.5); });
  Array c = MakeArray([](std::size_t i) { return D(static_cast<double>(i % 7) - 2.0); });
  std::uint64_t Run(const std::string& name, double s) {
    const MemattrStreamFn fn = FunctionNamed(name);
    EXPECT_NE(fn, nullptr) << name;
    return fn(dst.get(), b.get(), c.get(), kElements, s);
  }
  // "stream_copy_nt", or "stream_copy_nt_avx512" for its AVX-512 variant.
  static MemattrStreamFn FunctionNamed(const std::string& name) {
    const bool wide = name.ends_with("_avx512");
    const KernelInfo* k = FindKernel(wide ? name.substr(0, name.size() - 7) : name);
    if (k == nullptr) return nullptr;
    const StreamingKernelCode code = *FindStreamingKernelCode(*k);
    return wide ? code.avx512_fn : code.fn;
  }
};

bool CpuRunsVectorKernels() {
#if defined(__x86_64__)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return true;
#endif
}

bool CpuHasAvx512f() {
#if defined(__x86_64__)
  return __builtin_cpu_supports("avx512f");
#else
  return false;
#endif
}

// Every variant of `op` this CPU can run, AVX-512 ones as "<kernel>_avx512".
std::vector<std::string> Variants(const char* op) {
  static const char* const kSuffix[] = {"_scalar", "_simd", "_nt"};
  std::vector<std::string> names;
  for (const KernelInfo& k : StreamingKernels())
    for (const char* s : kSuffix) {
      if (k.name != std::string("stream_") + op + s) continue;
      if (std::string(s) == "_scalar" || CpuRunsVectorKernels()) names.push_back(k.name);
      if (!k.avx512_symbol.empty() && CpuHasAvx512f()) names.push_back(k.name + "_avx512");
    }
  return names;
}

TEST(StreamingKernelsTest, read_returns_the_exact_wrapping_sum) {
  for (const std::string& name : Variants("read")) {
    Arrays a;
    std::uint64_t want = 0;
    for (std::size_t i = 0; i < kElements; ++i) want += a.b[i];
    EXPECT_EQ(a.Run(name, 0.0), want) << name;
  }
}

TEST(StreamingKernelsTest, write_fills_every_element) {
  for (const std::string& name : Variants("write")) {
    Arrays a;
    EXPECT_EQ(a.Run(name, -1.25), 0u);
    for (std::size_t i = 0; i < kElements; ++i) ASSERT_EQ(a.dst[i], D(-1.25)) << name << " @" << i;
  }
}

TEST(StreamingKernelsTest, copy_scale_add_triad_compute_their_formula) {
  struct Case {
    const char* op;
    double (*want)(double b, double c);
  };
  const Case cases[] = {
      {"copy", [](double b, double) { return b; }},
      {"scale", [](double b, double) { return 3.0 * b; }},
      {"add", [](double b, double c) { return b + c; }},
      {"triad", [](double b, double c) { return b + 3.0 * c; }},
  };
  for (const Case& cs : cases) {
    for (const std::string& name : Variants(cs.op)) {
      Arrays a;
      a.Run(name, 3.0);
      for (std::size_t i = 0; i < kElements; ++i)
        ASSERT_EQ(F(a.dst[i]), cs.want(F(a.b[i]), F(a.c[i]))) << name << " @" << i;
    }
  }
  EXPECT_EQ(Variants("triad").size(), (CpuRunsVectorKernels() ? 3u : 1u) + CpuHasAvx512f());
}

TEST(StreamingKernelsTest, zero_clears_every_element_and_nothing_beyond) {
  Array buf(static_cast<std::uint64_t*>(std::aligned_alloc(kStreamAlignBytes, 2 * kElements * 8)));
  for (std::size_t i = 0; i < 2 * kElements; ++i) buf[i] = ~std::uint64_t{0};
  memattr_stream_zero(buf.get(), nullptr, nullptr, kElements, 0.0);
  for (std::size_t i = 0; i < kElements; ++i) ASSERT_EQ(buf[i], 0u) << i;
  for (std::size_t i = kElements; i < 2 * kElements; ++i) ASSERT_EQ(buf[i], ~std::uint64_t{0}) << i;
}

#if defined(__aarch64__)
TEST(StreamingKernelsTest, dc_zva_block_is_a_power_of_two_up_to_2k) {
  const std::uint64_t block = memattr_dc_zva_block_bytes();
  ASSERT_GT(block, 0u) << "DC ZVA prohibited";
  EXPECT_EQ(block & (block - 1), 0u);
  EXPECT_LE(block, 2048u);
}
#endif

TEST(StreamingKernelsTest, avx512_variant_is_chosen_only_when_cpuid_has_it_and_it_is_wanted) {
  const StreamingKernelCode triad = *FindStreamingKernelCode(*FindKernel("stream_triad_nt"));
  const StreamingKernelCode scalar = *FindStreamingKernelCode(*FindKernel("stream_triad_scalar"));
  const char* vector_isa = ThisArch() == Arch::kX86_64 ? "avx2" : "neon";
  EXPECT_STREQ(SelectStreamCode(triad, {.avx512f = false}).isa, vector_isa);
  EXPECT_EQ(SelectStreamCode(triad, {.avx512f = false}).fn, triad.fn);
  EXPECT_STREQ(SelectStreamCode(triad, {.avx512f = true, .prefer_avx512 = false}).isa, vector_isa);
  EXPECT_STREQ(SelectStreamCode(scalar, {.avx512f = true}).isa, "scalar");
  if (ThisArch() == Arch::kX86_64) {
    ASSERT_NE(triad.avx512_fn, nullptr);
    EXPECT_STREQ(SelectStreamCode(triad, {.avx512f = true}).isa, "avx512");
    EXPECT_EQ(SelectStreamCode(triad, {.avx512f = true}).fn, triad.avx512_fn);
  } else {
    EXPECT_EQ(triad.avx512_fn, nullptr);
    EXPECT_STREQ(SelectStreamCode(triad, {.avx512f = true}).isa, "neon");
  }
}

// The label names the code that ran; with AVX-512 in this CPU the AVX-512 kernel runs and its
// data verifies (without it, the test proves the AVX2 path is chosen instead).
TEST(StreamingPreparedKernelTest, label_names_the_isa_that_ran) {
  if (!CpuRunsVectorKernels()) GTEST_SKIP() << "no AVX2/FMA";
  std::vector<std::byte> region(8 * kStreamChunkBytes);
  for (const char* name : {"stream_triad_nt", "stream_copy_nt", "stream_write_nt"}) {
    auto wide = PrepareKernel(*FindKernel(name), region, {.threads = 2});
    ASSERT_TRUE(wide.ok()) << wide.error().message;
    const bool avx512 = ThisArch() == Arch::kX86_64 && CpuHasAvx512f();
    EXPECT_EQ((*wide)->Label(), avx512                        ? "isa=avx512"
                                : ThisArch() == Arch::kX86_64 ? "isa=avx2"
                                                              : "isa=neon")
        << name;
    for (int t = 0; t < 2; ++t) (*wide)->RunIteration(t);
    EXPECT_TRUE((*wide)->Verify().ok()) << name;
    auto narrow = PrepareKernel(*FindKernel(name), region,
                                {.threads = 1, .tuning = {.prefer_avx512 = false}});
    ASSERT_TRUE(narrow.ok());
    EXPECT_NE((*narrow)->Label(), "isa=avx512") << name;
  }
}

// Through the runner: 1 and 2 threads, each thread's chunk verified exactly.
TEST(StreamingPreparedKernelTest, every_kernel_verifies_after_running) {
  std::vector<std::byte> region(3 * 2 * 4 * kStreamChunkBytes + kStreamAlignBytes);
  for (const KernelInfo& k : StreamingKernels()) {
    for (int threads : {1, 2}) {
      auto prepared = PrepareKernel(k, region, {.threads = threads});
      if (!prepared.ok() && !CpuRunsVectorKernels()) continue;
      ASSERT_TRUE(prepared.ok()) << k.name << ": " << prepared.error().message;
      for (int t = 0; t < threads; ++t) (*prepared)->RunIteration(t);
      const Outcome o = (*prepared)->Verify();
      EXPECT_TRUE(o.ok()) << k.name << " x" << threads << ": " << o.ToString();
      // Each thread's chunk: whole 8 KiB granules, all arrays together nearly fill the region.
      const std::uint64_t items = (*prepared)->ItemsPerIteration();
      EXPECT_EQ(items % (kStreamChunkBytes / 8), 0u) << k.name;
      EXPECT_EQ(items % k.elements_per_loop, 0u) << k.name;
      EXPECT_GT(items * 8 * k.streams * threads,
                region.size() - (k.streams * threads + 1) * kStreamChunkBytes)
          << k.name;
      EXPECT_EQ((*prepared)->BytesPerIteration(),
                (*prepared)->ItemsPerIteration() * k.BytesPerElement())
          << k.name;
    }
  }
}

TEST(StreamingPreparedKernelTest, verify_reports_corrupted_output_as_wrong_data) {
  std::vector<std::byte> region(8 * kStreamAlignBytes);
  for (const char* name : {"stream_copy_scalar", "stream_triad_scalar", "stream_zero"}) {
    auto prepared = PrepareKernel(*FindKernel(name), region, {.threads = 1});
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    (*prepared)->RunIteration(0);
    ASSERT_TRUE((*prepared)->Verify().ok()) << name;
    // dst is the first array, at the first 4 KiB boundary of the region.
    const auto base = reinterpret_cast<std::uintptr_t>(region.data());
    const std::uintptr_t dst = (base + kStreamAlignBytes - 1) & ~(kStreamAlignBytes - 1);
    region[dst - base + 8 * 5] ^= std::byte{0x10};
    const Outcome o = (*prepared)->Verify();
    EXPECT_EQ(o.kind, OutcomeKind::kWrongData) << name << ": " << o.ToString();
    EXPECT_THAT(o.reason, HasSubstr(name));
  }
}

TEST(StreamingPreparedKernelTest, read_checksum_mismatch_is_wrong_data) {
  std::vector<std::byte> region(4 * kStreamAlignBytes);
  auto prepared = PrepareKernel(*FindKernel("stream_read_scalar"), region, {.threads = 1});
  ASSERT_TRUE(prepared.ok());
  (*prepared)->RunIteration(0);
  EXPECT_TRUE((*prepared)->Verify().ok());
  region[3 * kStreamAlignBytes / 2] ^= std::byte{1};  // the source changed after the run
  EXPECT_EQ((*prepared)->Verify().kind, OutcomeKind::kWrongData);
}

TEST(StreamingPreparedKernelTest, verify_without_a_run_is_skipped) {
  std::vector<std::byte> region(4 * kStreamAlignBytes);
  auto prepared = PrepareKernel(*FindKernel("stream_write_scalar"), region, {.threads = 1});
  ASSERT_TRUE(prepared.ok());
  EXPECT_EQ((*prepared)->Verify().kind, OutcomeKind::kSkipped);
}

TEST(StreamingPreparedKernelTest, too_small_region_names_kernel_and_sizes) {
  std::vector<std::byte> region(2 * kStreamAlignBytes);
  auto prepared = PrepareKernel(*FindKernel("stream_triad_scalar"), region, {.threads = 1});
  ASSERT_FALSE(prepared.ok());
  EXPECT_THAT(prepared.error().message, HasSubstr("stream_triad_scalar"));
  EXPECT_THAT(prepared.error().message, HasSubstr("too small"));
}

TEST(StreamingPreparedKernelTest, working_set_limits_the_arrays) {
  std::vector<std::byte> region(64 * kStreamAlignBytes);
  auto small = PrepareKernel(*FindKernel("stream_copy_scalar"), region,
                             {.threads = 1, .working_set_bytes = 9 * kStreamAlignBytes});
  ASSERT_TRUE(small.ok()) << small.error().message;
  // 9 pages minus alignment slack, two arrays: 4 pages each at most, 3 if the slack ate one.
  EXPECT_LE((*small)->ItemsPerIteration(), 4 * kStreamAlignBytes / 8);
  EXPECT_GE((*small)->ItemsPerIteration(), 3 * kStreamAlignBytes / 8);
  auto too_big = PrepareKernel(*FindKernel("stream_copy_scalar"), region,
                               {.threads = 1, .working_set_bytes = region.size() + 1});
  ASSERT_FALSE(too_big.ok());
  EXPECT_THAT(too_big.error().message, HasSubstr("working_set_bytes"));
}

}  // namespace
}  // namespace memattr
