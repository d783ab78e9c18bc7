// Every kernel of AllKernels() prepared on tiny regions: it either refuses (naming the
// kernel, the region size and the minimum) or runs, verifies, and touches no byte outside
// its span. The span sits against a PROT_NONE guard page (at its end, or at its start), so
// an overrun faults, and the rest of the readable pages hold a canary that must survive.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

#include "memattr/kernel_catalog.h"
#include "memattr/kernel_runner.h"

namespace memattr {
namespace {

using ::testing::HasSubstr;

constexpr std::byte kCanary{0x5a};

// [PROT_NONE page][data_pages readable pages][PROT_NONE page]
class GuardedArea {
 public:
  explicit GuardedArea(std::size_t data_pages)
      : page_(static_cast<std::size_t>(sysconf(_SC_PAGESIZE))), bytes_((data_pages + 2) * page_) {
    void* p = mmap(nullptr, bytes_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    base_ = static_cast<std::byte*>(p);
    if (mprotect(Data(), DataBytes(), PROT_READ | PROT_WRITE) != 0) Unmap();
  }
  ~GuardedArea() { Unmap(); }
  GuardedArea(const GuardedArea&) = delete;
  GuardedArea& operator=(const GuardedArea&) = delete;

  bool ok() const { return base_ != nullptr; }
  std::byte* Data() const { return base_ + page_; }
  std::size_t DataBytes() const { return bytes_ - 2 * page_; }
  // `size` bytes ending at the trailing guard page, or starting right after the leading one.
  std::span<std::byte> Span(std::size_t size, bool at_end) const {
    return {at_end ? Data() + DataBytes() - size : Data(), size};
  }
  void FillCanary() const { std::memset(Data(), static_cast<int>(kCanary), DataBytes()); }
  // Offset (from Data()) of the first byte outside `span` that lost its canary, or -1.
  long FirstClobberedOutside(std::span<const std::byte> span) const {
    for (std::size_t i = 0; i < DataBytes(); ++i) {
      const std::byte* b = Data() + i;
      const bool inside = b >= span.data() && b < span.data() + span.size();
      if (!inside && *b != kCanary) return static_cast<long>(i);
    }
    return -1;
  }

 private:
  void Unmap() {
    if (base_ != nullptr) munmap(base_, bytes_);
    base_ = nullptr;
  }
  std::size_t page_;
  std::size_t bytes_;
  std::byte* base_ = nullptr;
};

// Sizes around every family's minimum (one word, one line, 2 lines, 256-byte padding, one
// to three 8 KiB stream arrays), with odd sizes so the span starts misaligned.
const std::vector<std::size_t> kSizes = {
    0,    1,    8,    63,   64,   71,   127,   128,   129,   255,   256,   257,   263,   511,  4095,
    4096, 4097, 8191, 8192, 8193, 8255, 12288, 12351, 16384, 16447, 24576, 24639, 32768, 32831};
constexpr std::size_t kDataPages = 14;  // > the 2-thread minimum (48 KiB), whatever the page size

// Prepares, runs every thread once, verifies; the failure message says where it went wrong.
std::string PrepareRunVerify(const KernelInfo& kernel, std::span<std::byte> span, int threads) {
  auto prepared = PrepareKernel(kernel, span, {.threads = threads});
  if (!prepared) {
    const std::string& why = prepared.error().message;
    const bool names_all = why.find(kernel.name) != std::string::npos &&
                           why.find(std::to_string(span.size())) != std::string::npos &&
                           why.find("too small") != std::string::npos &&
                           why.find("needs") != std::string::npos;
    return names_all ? "" : "refusal does not name kernel, size and minimum: " + why;
  }
  for (int t = 0; t < threads; ++t) (*prepared)->RunIteration(t);
  const Outcome verified = (*prepared)->Verify();
  return verified.ok() ? "" : "ran but did not verify: " + verified.ToString();
}

std::vector<std::string> KernelNames() {
  std::vector<std::string> names;
  for (const KernelInfo& kernel : AllKernels()) names.push_back(kernel.name);
  return names;
}

class KernelTinyRegionTest : public ::testing::TestWithParam<std::string> {};

TEST_P(KernelTinyRegionTest, refuses_cleanly_or_runs_inside_the_span) {
  const KernelInfo& kernel = *FindKernel(GetParam());
  if (!kernel.AvailableOn(ThisArch())) GTEST_SKIP() << kernel.not_applicable_reason;
  GuardedArea area(kDataPages);
  ASSERT_TRUE(area.ok()) << "mmap: " << std::strerror(errno);
  {  // Kernels this CPU cannot run (no AVX2, DC ZVA prohibited) refuse whatever the size.
    auto roomy = PrepareKernel(kernel, area.Span(area.DataBytes(), false), {.threads = 2});
    if (!roomy) GTEST_SKIP() << roomy.error().message;
  }
  for (std::size_t size : kSizes) {
    for (bool at_end : {true, false}) {
      for (int threads : {1, 2}) {
        area.FillCanary();
        const std::span<std::byte> span = area.Span(size, at_end);
        EXPECT_EQ(PrepareRunVerify(kernel, span, threads), "")
            << kernel.name << " on " << size << " bytes, " << threads << " thread(s), span at the "
            << (at_end ? "end" : "start");
        EXPECT_EQ(area.FirstClobberedOutside(span), -1)
            << kernel.name << " wrote outside its " << size << "-byte span, " << threads
            << " thread(s)";
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllKernels, KernelTinyRegionTest, ::testing::ValuesIn(KernelNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST(KernelTinyRegionTest, every_family_refuses_a_one_word_region_naming_the_minimum) {
  GuardedArea area(kDataPages);
  ASSERT_TRUE(area.ok());
  for (const KernelInfo& kernel : AllKernels()) {
    if (!kernel.AvailableOn(ThisArch())) continue;
    if (!PrepareKernel(kernel, area.Span(area.DataBytes(), false), {.threads = 1})) continue;
    auto prepared = PrepareKernel(kernel, area.Span(8, true), {.threads = 1});
    ASSERT_FALSE(prepared) << kernel.name << " accepted an 8-byte region";
    EXPECT_THAT(prepared.error().message, HasSubstr("needs")) << kernel.name;
  }
}

}  // namespace
}  // namespace memattr
