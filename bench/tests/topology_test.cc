#include "measure/topology.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sched.h>

#include <set>

#include "measure/thread_pinning.h"

namespace memattr {
namespace {

using ::testing::HasSubstr;

constexpr char kTwoNodes[] =
    "NUMANode:2 Package:1 L3Cache:1(size=8388608) L2Cache:2(size=1048576) Core:2 PU:2";

TEST(TopologyTest, reads_cores_caches_and_numa_nodes_from_hwloc) {
  Result<Topology> t = Topology::FromSynthetic(kTwoNodes);
  ASSERT_TRUE(t) << t.error().message;
  const TopologyFacts& f = t->facts();
  EXPECT_EQ(f.numa_nodes, 2);
  EXPECT_EQ(f.cores, 8);
  EXPECT_EQ(f.pus, 16);
  EXPECT_EQ(f.llc_bytes, 8u << 20);
  ASSERT_EQ(f.data_caches.size(), 2u);
  EXPECT_EQ(f.data_caches[0].level, 2);
  EXPECT_EQ(f.data_caches[0].count, 4);
  EXPECT_THAT(f.Summary(), HasSubstr("cores=8 pus=16 numa_nodes=2"));
  EXPECT_THAT(f.Summary(), HasSubstr("L3:8Mx2"));
}

TEST(TopologyTest, pin_order_spreads_over_cores_before_siblings) {
  Result<Topology> t = Topology::FromSynthetic("Package:1 Core:4 PU:2");
  ASSERT_TRUE(t);
  // Synthetic PUs are numbered core by core: core c holds PUs 2c and 2c+1.
  EXPECT_THAT(t->facts().pu_order, ::testing::ElementsAre(0, 2, 4, 6, 1, 3, 5, 7));
  ThreadPinner pinner(*t);
  EXPECT_EQ(pinner.CpuFor(1), 2u);
  EXPECT_EQ(pinner.CpuFor(9), 2u);  // wraps around
  EXPECT_EQ(pinner.Describe(), "cores-first: 0,2,4,6,1,3,5,7");
}

TEST(TopologyTest, streaming_working_set_is_four_times_the_llc) {
  Result<Topology> t = Topology::FromSynthetic(kTwoNodes);
  ASSERT_TRUE(t);
  WorkingSetChoice ws = DefaultStreamingWorkingSet(t->facts());
  EXPECT_EQ(ws.bytes, 32u << 20);
  EXPECT_THAT(ws.how, HasSubstr("4 x LLC (8388608 bytes)"));
  EXPECT_EQ(DefaultStreamingWorkingSet(t->facts(), {.llc_multiple = 8}).bytes, 64u << 20);
}

TEST(TopologyTest, unknown_llc_is_assumed_out_loud_and_memory_caps_the_working_set) {
  TopologyFacts facts;
  facts.total_memory_bytes = 64u << 20;
  WorkingSetChoice ws = DefaultStreamingWorkingSet(facts);
  EXPECT_THAT(ws.how, HasSubstr("assumed"));
  EXPECT_THAT(ws.how, HasSubstr("capped at memory/8"));
  EXPECT_EQ(ws.bytes, 8u << 20);
}

TEST(TopologyTest, rejects_a_bad_synthetic_description) {
  Result<Topology> t = Topology::FromSynthetic("Bogus:3");
  ASSERT_FALSE(t);
  EXPECT_THAT(t.error().message, HasSubstr("'Bogus:3'"));
}

TEST(TopologyTest, this_machine_has_pus_in_a_pin_order_without_repeats) {
  Result<Topology> t = Topology::Discover();
  ASSERT_TRUE(t) << t.error().message;
  const TopologyFacts& f = t->facts();
  EXPECT_GE(f.pus, 1);
  EXPECT_EQ(f.pu_order.size(), static_cast<std::size_t>(f.pus));
  EXPECT_EQ(std::set<unsigned>(f.pu_order.begin(), f.pu_order.end()).size(), f.pu_order.size());
}

TEST(ThreadPinningTest, pins_the_calling_thread_and_restores_its_binding) {
  Result<Topology> t = Topology::Discover();
  ASSERT_TRUE(t);
  ThreadPinner pinner(*t);
  cpu_set_t before;
  ASSERT_EQ(sched_getaffinity(0, sizeof(before), &before), 0);
  {
    Result<PinGuard> pin = pinner.PinCurrentThread(0);
    ASSERT_TRUE(pin) << pin.error().message;
    cpu_set_t now;
    ASSERT_EQ(sched_getaffinity(0, sizeof(now), &now), 0);
    EXPECT_EQ(CPU_COUNT(&now), 1);
    EXPECT_TRUE(CPU_ISSET(pinner.CpuFor(0), &now));
  }
  cpu_set_t after;
  ASSERT_EQ(sched_getaffinity(0, sizeof(after), &after), 0);
  EXPECT_TRUE(CPU_EQUAL(&before, &after));
}

}  // namespace
}  // namespace memattr
