// Device-backed regions on a fake sysfs tree: PCI BAR driver checks and resource file choice,
// VFIO group lookup and error paths, and the module's mmap offset encoding.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "memattr/mapped_region.h"
#include "region_test_util.h"
#include "regions/module_region.h"
#include "regions/pci_resource_region.h"
#include "regions/vfio_region.h"

namespace memattr {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using enum MemoryAttribute;

class PciRegionTest : public ::testing::Test {
 protected:
  RegionSpec Bar(const std::string& bdf, const std::string& file, ForceMapping force) const {
    RegionSpec spec{.kind = RegionKind::kPciResource,
                    .name = bdf,
                    .path = sysfs_ / "bus/pci/devices" / bdf / file};
    spec.force = force;
    return spec;
  }
  testing::ScratchDir dir_;
  std::filesystem::path sysfs_ = dir_.CopyFakeSysfs();
};

TEST_F(PciRegionTest, reads_the_bound_driver_from_the_driver_link) {
  EXPECT_EQ(BoundDriver(sysfs_ / "bus/pci/devices/0000:00:02.0/resource2"), "nvme");
  EXPECT_EQ(BoundDriver(sysfs_ / "bus/pci/devices/0000:00:03.0/resource2"), "vfio-pci");
  EXPECT_EQ(BoundDriver(sysfs_ / "bus/pci/devices/0000:00:04.0/resource2"), "");
}

TEST_F(PciRegionTest, refuses_a_bar_bound_to_another_driver) {
  auto region = MapRegion(Bar("0000:00:02.0", "resource2", ForceMapping::kNo), kDeviceNGnRE);
  ASSERT_FALSE(region);
  EXPECT_THAT(region.error().message,
              AllOf(HasSubstr("0000:00:02.0/resource2"), HasSubstr("bound to driver 'nvme'"),
                    HasSubstr("force=1"), HasSubstr("errno 16")));
}

TEST_F(PciRegionTest, force_maps_a_bar_bound_to_another_driver) {
  auto region = MapRegion(Bar("0000:00:02.0", "resource2", ForceMapping::kYes), kDeviceNGnRE);
  ASSERT_TRUE(region) << region.error().message;
  EXPECT_EQ(region->bytes().size(), 8192u);
  EXPECT_THAT(region->how(), AllOf(HasSubstr("sysfs"), HasSubstr("driver: nvme")));
}

TEST_F(PciRegionTest, maps_vfio_pci_and_unbound_devices) {
  auto vfio = MapRegion(Bar("0000:00:03.0", "resource2", ForceMapping::kNo), kDeviceNGnRE);
  ASSERT_TRUE(vfio) << vfio.error().message;
  EXPECT_THAT(vfio->how(), AllOf(HasSubstr("resource2 @0x0"), HasSubstr("driver: vfio-pci")));
  auto unbound = MapRegion(Bar("0000:00:04.0", "resource2", ForceMapping::kNo), kDeviceNGnRE);
  ASSERT_TRUE(unbound) << unbound.error().message;
  EXPECT_THAT(unbound->how(), HasSubstr("driver: none"));
}

TEST_F(PciRegionTest, unbound_disabled_device_gets_memory_decoding_enabled_and_recorded) {
  const auto enable = sysfs_ / "bus/pci/devices/0000:00:04.0/enable";
  auto region = MapRegion(Bar("0000:00:04.0", "resource2", ForceMapping::kNo), kDeviceNGnRE);
  ASSERT_TRUE(region) << region.error().message;
  EXPECT_THAT(region->how(), HasSubstr("memory decoding enabled via sysfs enable (was 0)"));
  std::ifstream in(enable);
  int value = -1;
  in >> value;
  EXPECT_EQ(value, 1);
  auto again = MapRegion(Bar("0000:00:04.0", "resource2", ForceMapping::kNo), kDeviceNGnRE);
  ASSERT_TRUE(again);
  EXPECT_THAT(again->how(), Not(HasSubstr("enabled")));  // already on: nothing written
}

TEST_F(PciRegionTest, attribute_chooses_resource_or_resource_wc) {
  auto nc = MapRegion(Bar("0000:00:03.0", "resource2", ForceMapping::kNo), kNormalNc);
  ASSERT_TRUE(nc) << nc.error().message;
  EXPECT_THAT(nc->how(), HasSubstr("resource2_wc @"));
  EXPECT_EQ(nc->requested(), kNormalNc);
  auto device = MapRegion(Bar("0000:00:03.0", "resource2_wc", ForceMapping::kNo), kDeviceNGnRE);
  ASSERT_TRUE(device) << device.error().message;
  EXPECT_THAT(device->how(), HasSubstr("resource2 @"));
}

TEST_F(PciRegionTest, normal_nc_without_a_wc_file_is_refused) {
  auto region = MapRegion(Bar("0000:00:04.0", "resource2", ForceMapping::kNo), kNormalNc);
  ASSERT_FALSE(region);
  EXPECT_THAT(region.error().message, AllOf(HasSubstr("resource2_wc"),
                                            HasSubstr("not prefetchable"), HasSubstr("errno 2")));
}

TEST_F(PciRegionTest, offset_past_the_bar_and_non_resource_names_are_errors) {
  RegionSpec spec = Bar("0000:00:03.0", "resource2", ForceMapping::kNo);
  spec.offset = 8192;
  auto past = MapRegion(spec, kDeviceNGnRE);
  ASSERT_FALSE(past);
  EXPECT_THAT(past.error().message, AllOf(HasSubstr("resource2"), HasSubstr("beyond the end")));
  auto config = MapRegion(Bar("0000:00:03.0", "config", ForceMapping::kNo), kDeviceNGnRE);
  ASSERT_FALSE(config);
  EXPECT_THAT(config.error().message, HasSubstr("not a sysfs PCI resource file"));
}

TEST_F(PciRegionTest, missing_bar_names_path_and_errno) {
  auto region = MapRegion(Bar("0000:00:04.0", "resource0", ForceMapping::kNo), kDeviceNGnRE);
  ASSERT_FALSE(region);
  EXPECT_THAT(region.error().message, AllOf(HasSubstr("resource0"), HasSubstr("errno 2")));
}

TEST_F(PciRegionTest, vfio_group_comes_from_the_iommu_group_link) {
  auto group = VfioGroupDevice("0000:00:03.0", {.sysfs_root = sysfs_, .dev_root = dir_.path()});
  ASSERT_TRUE(group) << group.error().message;
  EXPECT_EQ(*group, dir_.path() / "vfio/7");
}

TEST_F(PciRegionTest, vfio_device_without_a_group_names_the_link) {
  auto group = VfioGroupDevice("0000:00:04.0", {.sysfs_root = sysfs_, .dev_root = dir_.path()});
  ASSERT_FALSE(group);
  EXPECT_THAT(group.error().message, AllOf(HasSubstr("0000:00:04.0/iommu_group"),
                                           HasSubstr("no IOMMU group"), HasSubstr("errno 2")));
}

TEST_F(PciRegionTest, vfio_without_a_container_device_names_it) {
  RegionSpec spec{.kind = RegionKind::kVfio, .name = "v", .pci_bdf = "0000:00:03.0"};
  auto region = MapVfioRegion(spec, kDeviceNGnRnE, {.sysfs_root = sysfs_, .dev_root = dir_.path()});
  ASSERT_FALSE(region);
  EXPECT_THAT(region.error().message,
              AllOf(HasSubstr((dir_.path() / "vfio/vfio").string()), HasSubstr("errno 2")));
}

TEST(ModuleRegionTest, mmap_offset_carries_attribute_and_offset_in_claim) {
  EXPECT_EQ(ModuleMmapOffset(kNormalWb, 0x3000), 0x3000u);
  EXPECT_EQ(ModuleMmapOffset(kNormalNc, 0), 1ull << 40);
  EXPECT_EQ(ModuleMmapOffset(kDeviceNGnRE, 0x10), (2ull << 40) | 0x10);
  EXPECT_EQ(ModuleMmapOffset(kDeviceNGnRnE, 0), 3ull << 40);
}

}  // namespace
}  // namespace memattr
