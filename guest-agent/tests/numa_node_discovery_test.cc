#include "discovery/numa_node_discovery.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "discovery_test_support.h"

namespace memattr::agent {
namespace {

TEST(NumaNodeDiscoveryTest, finds_memory_only_node_and_skips_empty_one) {
  const DiscoveryResult r = DiscoverMemoryOnlyNodes(testing::FakeSysfs());
  ASSERT_EQ(r.found.size(), 1u);  // node0 has CPUs: the guest's own RAM, not listed
  EXPECT_EQ(r.found[0].name, "node1");
  EXPECT_EQ(r.found[0].kind, ManifestRegionKind::kCxl);
  EXPECT_EQ(r.found[0].numa_node, 1);
  EXPECT_EQ(r.found[0].size_bytes, 512u << 20);
  EXPECT_EQ(r.found[0].spec.kind, RegionKind::kNuma);
  EXPECT_EQ(r.found[0].spec.numa_node, 1);
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].name, "node2");
  EXPECT_THAT(r.skipped[0].reason, ::testing::HasSubstr("MemTotal 0"));
}

}  // namespace
}  // namespace memattr::agent
