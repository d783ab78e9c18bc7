// The probe catalogue and every probe on anonymous Normal-WB memory; probe helpers detect
// wrong data; the unaligned probes really contain their single instructions (objdump).
#include "memattr/probes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <array>
#include <cstdio>
#include <optional>
#include <regex>
#include <set>

#include "memattr/mapped_region.h"
#include "probes/probe_memory.h"
#include "region_test_util.h"

namespace memattr {
namespace {

using ::testing::HasSubstr;

// Anonymous Normal-WB memory in `out`; a failed mapping is fatal, so callers never use it:
//   ASSERT_NO_FATAL_FAILURE(MapAnonymous(bytes, region));
void MapAnonymous(std::size_t bytes, std::optional<MappedRegion>& out) {
  auto region = MapRegion({.kind = RegionKind::kAnonymous, .name = "anon", .size = bytes},
                          MemoryAttribute::kNormalWb);
  ASSERT_TRUE(region) << region.error().message;
  out.emplace(*std::move(region));
}

TEST(ProbesTest, catalogue_names_are_unique_and_findable) {
  std::set<std::string> names;
  for (const ProbeInfo& probe : AllProbes()) {
    EXPECT_TRUE(names.insert(probe.name).second) << probe.name;
    EXPECT_FALSE(probe.description.empty()) << probe.name;
    EXPECT_NE(probe.run, nullptr) << probe.name;
    if (!probe.available_on_x86_64) EXPECT_FALSE(probe.not_applicable_reason.empty());
    EXPECT_EQ(FindProbe(probe.name), &probe);
  }
  for (const char* required : {"unaligned_load_8", "unaligned_store_8", "unaligned_load_16",
                               "unaligned_store_16", "dc_zva", "glibc_memset", "glibc_memcpy",
                               "exclusive_loop", "lse_atomics", "atomicity_contended"})
    EXPECT_TRUE(names.count(required)) << required;
  EXPECT_EQ(FindProbe("no_such_probe"), nullptr);
}

// Every probe is ok on `bytes`, except those not applicable to this arch (skipped, reason kept).
void ExpectEveryProbeOk(std::span<std::byte> bytes) {
  for (const ProbeInfo& probe : AllProbes()) {
    const Outcome outcome = RunProbe(probe, bytes, {});
    if (ThisArch() == Arch::kX86_64 && !probe.available_on_x86_64) {
      EXPECT_EQ(outcome.kind, OutcomeKind::kSkipped) << probe.name;
      EXPECT_EQ(outcome.reason, probe.not_applicable_reason);
      continue;
    }
    EXPECT_TRUE(outcome.ok()) << probe.name << ": " << outcome.ToString();
  }
}

TEST(ProbesTest, every_probe_is_ok_on_anonymous_memory) {
  std::optional<MappedRegion> region;
  ASSERT_NO_FATAL_FAILURE(MapAnonymous(1 << 20, region));
  ExpectEveryProbeOk(region->bytes());
}

TEST(ProbesTest, every_probe_is_ok_on_a_shared_file_mapping) {
  testing::ScratchDir dir;
  const auto path = dir.MakeFile("probe-data", 1 << 20);
  auto region = MapRegion(
      {.kind = RegionKind::kFile, .name = "f", .path = path, .overwrite = Overwrite::kYes},
      MemoryAttribute::kNormalWb);
  ASSERT_TRUE(region) << region.error().message;
  ExpectEveryProbeOk(region->bytes());
}

TEST(ProbesTest, probes_on_a_region_too_small_are_skipped_with_the_size) {
  std::optional<MappedRegion> region;
  ASSERT_NO_FATAL_FAILURE(MapAnonymous(4096, region));
  const auto tiny = region->bytes().subspan(0, 16);
  const Outcome outcome = RunProbe(*FindProbe("unaligned_load_16"), tiny, {});
  EXPECT_EQ(outcome.kind, OutcomeKind::kSkipped);
  EXPECT_THAT(outcome.reason, HasSubstr("needs 32 bytes"));
}

TEST(ProbesTest, probe_writing_read_only_memory_faults_and_the_caller_survives) {
  void* page = ::mmap(nullptr, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(page, MAP_FAILED);
  std::span<std::byte> bytes(static_cast<std::byte*>(page), 4096);
  const Outcome outcome = RunProbe(*FindProbe("unaligned_store_8"), bytes, {});
  ::munmap(page, 4096);
  EXPECT_EQ(outcome.kind, OutcomeKind::kFault) << outcome.ToString();
  EXPECT_EQ(outcome.signal, SIGSEGV);
  EXPECT_EQ(outcome.address, reinterpret_cast<std::uintptr_t>(page));  // the first fill store
}

TEST(ProbeMemoryTest, check_words_reports_the_first_wrong_word) {
  alignas(64) std::array<std::byte, 64> buffer{};
  FillWords(buffer.data(), 8, 7);
  EXPECT_TRUE(CheckWords(buffer.data(), 8, 7, "fill").ok());
  buffer[8 * 5 + 3] ^= std::byte{0x10};
  const Outcome outcome = CheckWords(buffer.data(), 8, 7, "fill");
  EXPECT_EQ(outcome.kind, OutcomeKind::kWrongData);
  EXPECT_EQ(outcome.expected, PatternWord(7, 5));
  EXPECT_EQ(outcome.got, PatternWord(7, 5) ^ (0x10ull << 24));
  EXPECT_THAT(outcome.reason, HasSubstr("word 5"));
}

TEST(ProbeMemoryTest, aligned_window_stays_inside_the_region) {
  alignas(64) std::array<std::byte, 128> buffer{};
  std::span<std::byte> region(buffer.data() + 1, 100);
  std::byte* window = AlignedWindow(region, 64, 32);
  ASSERT_NE(window, nullptr);
  EXPECT_EQ(window, buffer.data() + 64);
  EXPECT_EQ(AlignedWindow(region, 64, 64), nullptr);  // 64..128 is past the region's end
}

// The demangled objdump listing of the bench archive.
std::string DisassembleLibrary() {
  const std::string command =
      std::string(MEMATTR_OBJDUMP) + " -d -C --no-show-raw-insn " + MEMATTR_BENCH_LIBRARY + " 2>&1";
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buf[65536];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
    ::pclose(pipe);
  }
  return out;
}

// The instructions of `function` (demangled name prefix), or "" if `listing` has no
// definition of it (references such as "bl <f(...)>" are not definitions).
std::string FunctionBody(const std::string& listing, const std::string& function) {
  for (size_t at = listing.find("<" + function + "("); at != std::string::npos;
       at = listing.find("<" + function + "(", at + 1)) {
    const size_t line_start = listing.rfind('\n', at) + 1;
    const size_t line_end = listing.find('\n', at);
    const bool definition = at - line_start == 17 && listing.compare(line_end - 2, 2, ">:") == 0;
    if (definition) return listing.substr(at, listing.find("\n\n", at) - at);
  }
  return "";
}

TEST(ProbesTest, unaligned_probes_issue_single_wide_instructions) {
  const bool arm = ThisArch() == Arch::kAarch64;
  const std::string listing = DisassembleLibrary();
  // The asm helper's instruction with a plain register base (no index, no pair).
  const std::array<std::pair<const char*, const char*>, 4> expected = {{
      {"memattr::ProbeUnalignedLoad8",
       arm ? R"(ldr\tx[0-9]+, \[x[0-9]+\])" : R"(mov +(0x0)?\(%r[a-z0-9]+\),%r)"},
      {"memattr::ProbeUnalignedLoad16",
       arm ? R"(ldr\tq[0-9]+, \[x[0-9]+\])" : R"(movdqu +(0x0)?\(%r[a-z0-9]+\),%xmm)"},
      {"memattr::ProbeUnalignedStore8",
       arm ? R"(str\tx[0-9]+, \[x[0-9]+\])" : R"(mov +%r[a-z0-9]+,(0x0)?\(%r)"},
      {"memattr::ProbeUnalignedStore16",
       arm ? R"(str\tq[0-9]+, \[x[0-9]+\])" : R"(movdqu +%xmm[0-9]+,(0x0)?\(%r)"},
  }};
  for (const auto& [function, instruction] : expected) {
    const std::string body = FunctionBody(listing, function);
    ASSERT_FALSE(body.empty()) << function << " not found by " << MEMATTR_OBJDUMP;
    EXPECT_TRUE(std::regex_search(body, std::regex(instruction))) << instruction << " in\n" << body;
  }
  if (arm) EXPECT_THAT(FunctionBody(listing, "memattr::ProbeDcZva"), HasSubstr("dc\tzva"));
}

}  // namespace
}  // namespace memattr
