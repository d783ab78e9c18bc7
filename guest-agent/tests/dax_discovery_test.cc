#include "discovery/dax_discovery.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "discovery_test_support.h"

namespace memattr::agent {
namespace {

using testing::FakeSysfs;
using ::testing::HasSubstr;

TEST(DaxDiscoveryTest, reads_size_numa_node_align_and_resource) {
  const DiscoveryResult r = DiscoverDaxDevices(FakeSysfs(), "/dev");
  ASSERT_EQ(r.found.size(), 1u);
  const DiscoveredRegion& dax = r.found[0];
  EXPECT_EQ(dax.name, "dax0.0");
  EXPECT_EQ(dax.kind, ManifestRegionKind::kDax);
  EXPECT_EQ(dax.size_bytes, 1073741824u);
  EXPECT_EQ(dax.numa_node, 0);
  EXPECT_EQ(dax.physical_address, 0x240000000u);
  EXPECT_EQ(dax.driver, "device_dax");
  EXPECT_EQ(dax.spec.kind, RegionKind::kDax);
  EXPECT_EQ(dax.spec.path, "/dev/dax0.0");
  EXPECT_THAT(dax.notes, ::testing::Contains("align=2097152"));
}

TEST(DaxDiscoveryTest, skips_empty_and_kmem_instances_with_reasons) {
  const DiscoveryResult r = DiscoverDaxDevices(FakeSysfs(), "/dev");
  ASSERT_EQ(r.skipped.size(), 2u);
  EXPECT_EQ(r.skipped[0].name, "dax1.0");
  EXPECT_THAT(r.skipped[0].reason, HasSubstr("size 0"));
  EXPECT_EQ(r.skipped[1].name, "dax2.0");
  EXPECT_THAT(r.skipped[1].reason, HasSubstr("bound to kmem"));
}

TEST(DaxDiscoveryTest, lists_pmem_namespaces_with_capacity) {
  const std::vector<PmemNamespace> ns = DiscoverPmemNamespaces(FakeSysfs());
  ASSERT_EQ(ns.size(), 1u);  // namespace1.0 has size 0, region0 is not a namespace
  EXPECT_EQ(ns[0].name, "namespace0.0");
  EXPECT_EQ(ns[0].mode, "raw");
  EXPECT_EQ(ns[0].size_bytes, 1073741824u);
}

TEST(DaxDiscoveryTest, missing_bus_finds_nothing) {
  const DiscoveryResult r = DiscoverDaxDevices(testing::TestData() / "empty_sysfs", "/dev");
  EXPECT_TRUE(r.found.empty());
  EXPECT_TRUE(r.skipped.empty());
}

}  // namespace
}  // namespace memattr::agent
