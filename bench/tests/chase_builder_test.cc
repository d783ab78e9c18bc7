#include "kernels/latency/chase_builder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <vector>

namespace memattr {
namespace {

using ::testing::HasSubstr;

std::set<const void*> Walk(void* start, std::size_t steps) {
  std::set<const void*> seen;
  void* p = start;
  for (std::size_t i = 0; i < steps; ++i) {
    seen.insert(p);
    p = *static_cast<void**>(p);
  }
  return seen;
}

TEST(ChaseBuilderTest, one_cycle_through_every_node) {
  std::vector<std::byte> arena(1 << 20);
  auto chase = BuildChase(arena, {.stride_bytes = 64, .tlb_locality_bytes = 16 * 4096, .seed = 3});
  ASSERT_TRUE(chase.ok()) << chase.error().message;
  EXPECT_GE(chase->nodes, (arena.size() - 63) / 64);
  EXPECT_EQ(Walk(chase->start, chase->nodes).size(), chase->nodes);  // all distinct
  EXPECT_EQ(ChaseStep(chase->start, chase->nodes), chase->start);    // and back at the start
  EXPECT_TRUE(CheckChaseCycle(arena, *chase, 64).ok());
}

TEST(ChaseBuilderTest, works_without_tlb_grouping_and_with_wide_strides) {
  std::vector<std::byte> arena(256 << 10);
  for (ChaseOptions o : {ChaseOptions{.stride_bytes = 256, .tlb_locality_bytes = 0},
                         ChaseOptions{.stride_bytes = 8, .tlb_locality_bytes = 4096}}) {
    auto chase = BuildChase(arena, o);
    ASSERT_TRUE(chase.ok()) << chase.error().message;
    EXPECT_EQ(Walk(chase->start, chase->nodes).size(), chase->nodes) << o.stride_bytes;
    EXPECT_TRUE(CheckChaseCycle(arena, *chase, o.stride_bytes).ok()) << o.stride_bytes;
  }
}

TEST(ChaseBuilderTest, same_seed_same_cycle_other_seed_other_cycle) {
  // Two arenas of the same size and line alignment (so the same node count).
  std::vector<std::byte> storage((128 << 10) + 64);
  const std::size_t skip = (64 - reinterpret_cast<std::uintptr_t>(storage.data()) % 64) % 64;
  const std::span<std::byte> a = std::span(storage).subspan(skip, 64 << 10);
  const std::span<std::byte> b = std::span(storage).subspan(skip + (64 << 10), 64 << 10);
  auto first = BuildChase(a, {.seed = 5});
  auto again = BuildChase(b, {.seed = 5});
  ASSERT_TRUE(first.ok() && again.ok());
  // Node distances from the start: the arenas' own alignment does not matter.
  const auto offset = [](const Result<Chase>& chase, const void* p) {
    return static_cast<const std::byte*>(p) - static_cast<const std::byte*>(chase->start);
  };
  void* p = first->start;
  void* q = again->start;
  for (int i = 0; i < 100; ++i, p = ChaseStep(p, 1), q = ChaseStep(q, 1))
    ASSERT_EQ(offset(first, p), offset(again, q)) << "step " << i;
  auto other = BuildChase(b, {.seed = 6});
  ASSERT_TRUE(other.ok());
  int differ = 0;
  p = first->start;
  q = other->start;
  for (int i = 0; i < 100; ++i, p = ChaseStep(p, 1), q = ChaseStep(q, 1))
    differ += offset(first, p) != offset(other, q);
  EXPECT_GT(differ, 50);
}

TEST(ChaseBuilderTest, visits_one_tlb_group_at_a_time) {
  std::vector<std::byte> arena(1 << 20);
  constexpr std::size_t kGroup = 8 * 4096;
  auto chase = BuildChase(arena, {.stride_bytes = 64, .tlb_locality_bytes = kGroup, .seed = 9});
  ASSERT_TRUE(chase.ok());
  // Count group changes along the cycle: one per group (plus alignment remainder), not one
  // per load as a fully random chase would have.
  const auto* base = static_cast<const std::byte*>(chase->start);
  std::uintptr_t lowest = reinterpret_cast<std::uintptr_t>(base);
  void* p = chase->start;
  for (std::size_t i = 0; i < chase->nodes; ++i, p = ChaseStep(p, 1))
    lowest = std::min(lowest, reinterpret_cast<std::uintptr_t>(p));
  std::size_t changes = 0;
  std::uintptr_t group = (reinterpret_cast<std::uintptr_t>(p) - lowest) / kGroup;
  for (std::size_t i = 0; i < chase->nodes; ++i) {
    p = ChaseStep(p, 1);
    const std::uintptr_t g = (reinterpret_cast<std::uintptr_t>(p) - lowest) / kGroup;
    changes += g != group;
    group = g;
  }
  EXPECT_LE(changes, arena.size() / kGroup + 1);
  EXPECT_GE(changes, arena.size() / kGroup - 1);
}

TEST(ChaseBuilderTest, check_detects_a_short_cycle) {
  std::vector<std::byte> arena(64 << 10);
  auto chase = BuildChase(arena, {});
  ASSERT_TRUE(chase.ok());
  void* second = ChaseStep(chase->start, 1);
  *static_cast<void**>(ChaseStep(chase->start, 10)) = second;  // loop back early
  const Status s = CheckChaseCycle(arena, *chase, 64);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error().message, HasSubstr("not back at the start"));
}

TEST(ChaseBuilderTest, check_detects_a_pointer_leaving_the_arena) {
  std::vector<std::byte> arena(64 << 10);
  auto chase = BuildChase(arena, {});
  ASSERT_TRUE(chase.ok());
  *static_cast<void**>(ChaseStep(chase->start, 3)) = arena.data() + arena.size() + 4096;
  const Status s = CheckChaseCycle(arena, *chase, 64);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error().message, HasSubstr("step 4"));
}

TEST(ChaseBuilderTest, rejects_bad_options_and_tiny_arenas) {
  std::vector<std::byte> arena(4096);
  EXPECT_THAT(BuildChase(arena, {.stride_bytes = 12}).error().message,
              HasSubstr("stride_bytes 12"));
  EXPECT_THAT(BuildChase(arena, {.stride_bytes = 64, .tlb_locality_bytes = 100}).error().message,
              HasSubstr("tlb_locality_bytes 100"));
  EXPECT_THAT(BuildChase(std::span(arena).first(100), {}).error().message, HasSubstr("100 bytes"));
}

}  // namespace
}  // namespace memattr
