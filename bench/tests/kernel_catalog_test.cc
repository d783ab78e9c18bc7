#include "memattr/kernel_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "memattr/catalog_names.h"
#include "memattr/kernel_runner.h"
#include "memattr/probes.h"

namespace memattr {
namespace {

using ::testing::HasSubstr;

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

TEST(KernelCatalogTest, names_are_unique) {
  std::set<std::string> names;
  for (const KernelInfo& k : AllKernels()) {
    EXPECT_TRUE(names.insert(k.name).second) << "duplicate name " << k.name;
    EXPECT_FALSE(k.description.empty()) << k.name;
    EXPECT_FALSE(k.symbol.empty()) << k.name;
  }
  EXPECT_GE(names.size(), 20u);
}

// Readers of results tell a kernel's family from its name (memattr-host report).
TEST(KernelCatalogTest, every_name_starts_with_its_family_prefix) {
  for (const KernelInfo& k : AllKernels())
    EXPECT_EQ(protocol::KernelFamilyOf(k.name), k.family) << k.name;
}

// Two entries may share an entry point only as layouts of the same code (e.g. a contended
// and a padded atomic): same family, same instructions.
TEST(KernelCatalogTest, a_shared_symbol_means_the_same_code) {
  std::map<std::string, const KernelInfo*> by_symbol;
  for (const KernelInfo& k : AllKernels()) {
    auto [it, fresh] = by_symbol.emplace(k.symbol, &k);
    if (fresh) continue;
    EXPECT_EQ(it->second->family, k.family) << k.name << " vs " << it->second->name;
    EXPECT_EQ(it->second->aarch64_instructions, k.aarch64_instructions) << k.name;
    EXPECT_EQ(it->second->x86_64_instructions, k.x86_64_instructions) << k.name;
    EXPECT_NE(k.family, KernelFamily::kStreaming) << k.name;  // one kernel per symbol there
  }
}

TEST(KernelCatalogTest, every_kernel_runs_somewhere_or_says_why_not) {
  for (const KernelInfo& k : AllKernels()) {
    const bool both = k.AvailableOn(Arch::kAarch64) && k.AvailableOn(Arch::kX86_64);
    if (!both) EXPECT_FALSE(k.not_applicable_reason.empty()) << k.name;
    EXPECT_TRUE(k.AvailableOn(Arch::kAarch64) || k.AvailableOn(Arch::kX86_64)) << k.name;
    EXPECT_GE(k.elements_per_loop, 1u) << k.name;
  }
}

TEST(KernelCatalogTest, streaming_kernels_count_bytes_and_say_how) {
  int streaming = 0;
  for (const KernelInfo& k : AllKernels()) {
    if (k.family != KernelFamily::kStreaming) continue;
    ++streaming;
    EXPECT_GT(k.BytesPerElement(), 0u) << k.name;
    EXPECT_EQ(k.element_bytes, 8u) << k.name;
    EXPECT_GE(k.streams, 1u) << k.name;
    EXPECT_LE(k.streams, 3u) << k.name;
    EXPECT_EQ(k.symbol, "memattr_" + k.name);
    EXPECT_THAT(k.description, HasSubstr("no write-allocate")) << k.name;
    // Non-temporal stores exactly in the _nt kernels that store.
    EXPECT_EQ(k.non_temporal_stores, EndsWith(k.name, "_nt") && k.bytes_stored_per_element > 0)
        << k.name;
    EXPECT_TRUE(k.AvailableOn(Arch::kAarch64) && k.AvailableOn(Arch::kX86_64)) << k.name;
  }
  EXPECT_EQ(streaming, 19);
}

TEST(KernelCatalogTest, triad_counts_two_loads_and_one_store) {
  const KernelInfo* triad = FindKernel("stream_triad_simd");
  ASSERT_NE(triad, nullptr);
  EXPECT_EQ(triad->bytes_loaded_per_element, 16u);
  EXPECT_EQ(triad->bytes_stored_per_element, 8u);
  EXPECT_EQ(triad->streams, 3u);
  const KernelInfo* zero = FindKernel("stream_zero");
  ASSERT_NE(zero, nullptr);
  EXPECT_EQ(zero->BytesPerElement(), 8u);
}

TEST(KernelCatalogTest, find_kernel_returns_the_entry_or_null) {
  for (const KernelInfo& k : AllKernels()) EXPECT_EQ(FindKernel(k.name), &k);
  EXPECT_EQ(FindKernel("stream_triad_simdd"), nullptr);
  EXPECT_EQ(FindKernel(""), nullptr);
}

TEST(KernelCatalogTest, latency_chase_is_catalogued) {
  const KernelInfo* chase = FindKernel("latency_chase");
  ASSERT_NE(chase, nullptr);
  EXPECT_EQ(chase->family, KernelFamily::kLatency);
  EXPECT_EQ(chase->symbol, "memattr_latency_chase");
}

TEST(KernelRunnerTest, rejects_zero_threads_naming_the_kernel) {
  std::vector<std::byte> region(1 << 16);
  auto prepared = PrepareKernel(*FindKernel("stream_copy_scalar"), region, {.threads = 0});
  ASSERT_FALSE(prepared.ok());
  EXPECT_THAT(prepared.error().message, HasSubstr("stream_copy_scalar"));
  EXPECT_THAT(prepared.error().message, HasSubstr("threads"));
}

TEST(KernelRunnerTest, rejects_a_kernel_not_built_for_this_arch) {
  KernelInfo foreign = *FindKernel("stream_copy_scalar");
  foreign.name = "foreign_kernel";
  (ThisArch() == Arch::kAarch64 ? foreign.aarch64_instructions : foreign.x86_64_instructions)
      .clear();
  foreign.not_applicable_reason = "test: other arch only";
  std::vector<std::byte> region(1 << 16);
  auto prepared = PrepareKernel(foreign, region, {});
  ASSERT_FALSE(prepared.ok());
  EXPECT_THAT(prepared.error().message, HasSubstr("other arch only"));
}

TEST(KernelRunnerTest, dispatches_each_family_to_its_preparer) {
  std::vector<std::byte> region(1 << 20);
  for (const char* name : {"stream_triad_scalar", "latency_chase"}) {
    auto prepared = PrepareKernel(*FindKernel(name), region, {.threads = 1});
    ASSERT_TRUE(prepared.ok()) << name << ": " << prepared.error().message;
    EXPECT_GT((*prepared)->ItemsPerIteration(), 0u) << name;
  }
}

// The data-only name lists (catalog_names.h) that memattr-host checks scenarios against must be
// the catalogues themselves, in order.
TEST(CatalogNamesTest, kernel_names_are_the_kernel_catalogue) {
  std::vector<std::string> catalogue, listed;
  for (const KernelInfo& k : AllKernels()) catalogue.push_back(k.name);
  for (std::string_view n : KernelNames()) listed.emplace_back(n);
  EXPECT_EQ(listed, catalogue);
}

TEST(CatalogNamesTest, probe_names_are_the_probe_catalogue) {
  std::vector<std::string> catalogue, listed;
  for (const ProbeInfo& p : AllProbes()) catalogue.push_back(p.name);
  for (std::string_view n : ProbeNames()) listed.emplace_back(n);
  EXPECT_EQ(listed, catalogue);
}

}  // namespace
}  // namespace memattr
