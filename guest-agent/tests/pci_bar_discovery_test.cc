#include "discovery/pci_bar_discovery.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "discovery_test_support.h"

namespace memattr::agent {
namespace {

using testing::FakeSysfs;
using ::testing::HasSubstr;

const DiscoveredRegion* Find(const DiscoveryResult& r, const std::string& name) {
  for (const DiscoveredRegion& d : r.found)
    if (d.name == name) return &d;
  return nullptr;
}

TEST(PciBarDiscoveryTest, parses_resource_lines_and_flags) {
  auto lines = ParsePciResourceFile(
      "0x0000008000000000 0x0000008000ffffff 0x000000000014220c\n"
      "0x0000000000001000 0x0000000000001007 0x0000000000040101\n"
      "0x0000000000000000 0x0000000000000000 0x0000000000000000\n");
  ASSERT_TRUE(lines) << lines.error().message;
  ASSERT_EQ(lines->size(), 3u);
  EXPECT_TRUE((*lines)[0].is_memory());
  EXPECT_EQ((*lines)[0].size(), 16u << 20);
  EXPECT_NE((*lines)[0].flags & kIoResourcePrefetch, 0u);
  EXPECT_NE((*lines)[0].flags & kIoResourceMem64, 0u);
  EXPECT_FALSE((*lines)[1].is_memory());  // I/O port BAR
  EXPECT_FALSE((*lines)[2].is_memory());  // unused
}

TEST(PciBarDiscoveryTest, rejects_a_malformed_line_naming_it) {
  auto lines = ParsePciResourceFile("0x0 0x1 0x200\nbogus\n");
  ASSERT_FALSE(lines);
  EXPECT_THAT(lines.error().message, HasSubstr("line 2"));
  EXPECT_THAT(lines.error().message, HasSubstr("bogus"));
}

TEST(PciBarDiscoveryTest, finds_prefetchable_64bit_bar_of_an_unbound_device) {
  const DiscoveryResult r = DiscoverPciBars(FakeSysfs());
  const DiscoveredRegion* bar2 = Find(r, "0000:00:02.0/bar2");
  ASSERT_NE(bar2, nullptr);
  EXPECT_EQ(bar2->kind, ManifestRegionKind::kBar);
  EXPECT_TRUE(bar2->prefetchable);
  EXPECT_EQ(bar2->size_bytes, 16u << 20);
  EXPECT_EQ(bar2->physical_address, 0x8000000000u);
  EXPECT_EQ(bar2->pci_vendor, 0x1af4);
  EXPECT_EQ(bar2->pci_device, 0x1110);
  EXPECT_EQ(bar2->bar, 2);
  EXPECT_EQ(bar2->driver, "");
  EXPECT_EQ(bar2->spec.kind, RegionKind::kPciResource);
  EXPECT_EQ(bar2->spec.path, FakeSysfs() / "bus/pci/devices/0000:00:02.0/resource2");
  EXPECT_THAT(bar2->notes.at(0), HasSubstr("64-bit prefetchable"));
  const DiscoveredRegion* bar0 = Find(r, "0000:00:02.0/bar0");
  ASSERT_NE(bar0, nullptr);
  EXPECT_FALSE(bar0->prefetchable);
  EXPECT_EQ(bar0->size_bytes, 256u);
}

TEST(PciBarDiscoveryTest, skips_bars_of_devices_bound_to_other_drivers) {
  const DiscoveryResult r = DiscoverPciBars(FakeSysfs());
  EXPECT_EQ(Find(r, "0000:00:03.0/bar1"), nullptr);
  std::vector<std::string> skipped;
  for (const SkippedRegion& s : r.skipped) {
    skipped.push_back(s.name);
    if (s.name.rfind("0000:00:03.0", 0) == 0)
      EXPECT_THAT(s.reason, HasSubstr("bound to driver 'virtio-pci'"));
  }
  EXPECT_THAT(skipped, ::testing::ElementsAre("0000:00:03.0/bar1", "0000:00:03.0/bar4"));
}

TEST(PciBarDiscoveryTest, vfio_bound_device_becomes_a_vfio_region_with_its_group) {
  const DiscoveryResult r = DiscoverPciBars(FakeSysfs());
  const DiscoveredRegion* vfio = Find(r, "0000:00:04.0/vfio-bar0");
  ASSERT_NE(vfio, nullptr);
  EXPECT_EQ(vfio->kind, ManifestRegionKind::kVfio);
  EXPECT_EQ(vfio->driver, "vfio-pci");
  EXPECT_EQ(vfio->spec.kind, RegionKind::kVfio);
  EXPECT_EQ(vfio->spec.pci_bdf, "0000:00:04.0");
  EXPECT_EQ(vfio->spec.vfio_region_index, 0u);
  EXPECT_THAT(vfio->notes, ::testing::Contains(HasSubstr("iommu group 5 (/dev/vfio/5)")));
  const DiscoveredRegion* bar = Find(r, "0000:00:04.0/bar0");  // the same memory through sysfs
  ASSERT_NE(bar, nullptr);
  EXPECT_EQ(bar->kind, ManifestRegionKind::kBar);
  EXPECT_EQ(bar->spec.kind, RegionKind::kPciResource);
}

TEST(PciBarDiscoveryTest, register_window_is_a_non_prefetchable_bar_under_one_page) {
  DiscoveredRegion bar;
  bar.kind = ManifestRegionKind::kBar;
  bar.size_bytes = 256;
  EXPECT_TRUE(IsRegisterWindow(bar, 4096));
  EXPECT_FALSE(IsRegisterWindow(bar, 256));  // a whole page is not a register window
  bar.kind = ManifestRegionKind::kVfio;
  EXPECT_TRUE(IsRegisterWindow(bar, 4096));
  bar.prefetchable = true;
  EXPECT_FALSE(IsRegisterWindow(bar, 4096));
  DiscoveredRegion dax;
  dax.kind = ManifestRegionKind::kDax;
  dax.size_bytes = 256;
  EXPECT_FALSE(IsRegisterWindow(dax, 4096));
}

TEST(PciBarDiscoveryTest, skip_register_windows_moves_them_to_skipped_with_the_reason) {
  const DiscoveryResult r = SkipRegisterWindows(DiscoverPciBars(FakeSysfs()), 4096);
  EXPECT_EQ(Find(r, "0000:00:02.0/bar0"), nullptr);       // 256 bytes, non-prefetchable
  EXPECT_NE(Find(r, "0000:00:02.0/bar2"), nullptr);       // 16 MiB prefetchable
  EXPECT_NE(Find(r, "0000:00:04.0/vfio-bar0"), nullptr);  // 128 KiB non-prefetchable
  const auto skipped = std::find_if(r.skipped.begin(), r.skipped.end(), [](const SkippedRegion& s) {
    return s.name == "0000:00:02.0/bar0";
  });
  ASSERT_NE(skipped, r.skipped.end());
  EXPECT_THAT(skipped->reason,
              HasSubstr("register BAR smaller than a page: not memory under test"));
  EXPECT_THAT(skipped->reason, HasSubstr("256 bytes"));
  EXPECT_EQ(r.skipped.size(), 3u);  // plus the two virtio-pci BARs, kept from before
}

TEST(PciBarDiscoveryTest, io_port_only_device_yields_nothing) {
  const DiscoveryResult r = DiscoverPciBars(FakeSysfs());
  for (const DiscoveredRegion& d : r.found) EXPECT_NE(d.pci_bdf, "0000:00:05.0");
}

}  // namespace
}  // namespace memattr::agent
