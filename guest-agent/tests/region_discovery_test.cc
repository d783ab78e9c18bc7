#include "discovery/region_discovery.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "discovery_test_support.h"

namespace memattr::agent {
namespace {

using ::testing::HasSubstr;

ManifestRegion Region(std::string name, ManifestRegionKind kind) {
  ManifestRegion r;
  r.name = std::move(name);
  r.kind = kind;
  return r;
}

Manifest WithRegions(std::vector<ManifestRegion> regions) {
  Manifest m;
  m.present = true;
  m.regions = std::move(regions);
  return m;
}

CommandRunner FailIfCalled() {
  return [](const std::vector<std::string>& argv) -> Result<CommandResult> {
    ADD_FAILURE() << "unexpected command " << argv.at(0);
    return Error{"not expected"};
  };
}

TEST(RegionDiscoveryTest, auto_discovery_lists_ram_first_then_everything_found) {
  const DiscoveryResult r = DiscoverAll({testing::FakeSysfs(), "/dev", FailIfCalled()});
  std::vector<std::string> names;
  for (const DiscoveredRegion& d : r.found) names.push_back(d.name);
  EXPECT_THAT(names,
              ::testing::ElementsAre("ram", "dax0.0", "0000:00:02.0/bar0", "0000:00:02.0/bar2",
                                     "0000:00:04.0/bar0", "0000:00:04.0/vfio-bar0", "node1"));
  EXPECT_EQ(r.skipped.size(), 5u);  // dax1.0, dax2.0, two virtio-pci BARs, node2
}

TEST(RegionDiscoveryTest, matches_manifest_regions_and_renames_them) {
  ManifestRegion dax = Region("dax0", ManifestRegionKind::kDax);
  dax.dax_device = "dax0.0";
  dax.size_bytes = 2u << 20;
  ManifestRegion bar = Region("bar0", ManifestRegionKind::kBar);
  bar.pci.vendor = 0x1af4;
  bar.pci.device = 0x1110;
  bar.bar = 2;
  bar.backing = "ivshmem";
  ManifestRegion cxl = Region("cxl0", ManifestRegionKind::kCxl);
  cxl.numa_node = 1;
  ManifestRegion vfio = Region("vfio0", ManifestRegionKind::kVfio);
  vfio.pci.bdf = "0000:00:04.0";
  vfio.bar = 0;
  const DiscoveryResult r =
      SelectRegions(WithRegions({Region("ram", ManifestRegionKind::kRam), dax, bar, cxl, vfio}),
                    {testing::FakeSysfs(), "/dev", FailIfCalled()});
  ASSERT_EQ(r.found.size(), 5u);
  EXPECT_TRUE(r.skipped.empty());
  EXPECT_EQ(r.found[1].name, "dax0");
  EXPECT_EQ(r.found[1].spec.name, "dax0");
  EXPECT_EQ(r.found[1].size_bytes, 2u << 20);  // capped by size_bytes
  EXPECT_EQ(r.found[1].spec.size, 2u << 20);
  EXPECT_EQ(r.found[2].pci_bdf, "0000:00:02.0");
  EXPECT_EQ(r.found[2].backing, "ivshmem");
  EXPECT_EQ(r.found[3].numa_node, 1);
  EXPECT_EQ(r.found[4].kind, ManifestRegionKind::kVfio);
}

std::vector<std::string> FoundNames(const DiscoveryResult& r) {
  std::vector<std::string> names;
  for (const DiscoveredRegion& d : r.found) names.push_back(d.name);
  return names;
}

TEST(RegionDiscoveryTest, auto_discovery_skips_register_bars_smaller_than_a_page) {
  const DiscoveryResult r =
      SelectRegions(Manifest{}, {testing::FakeSysfs(), "/dev", FailIfCalled(), 4096});
  EXPECT_THAT(FoundNames(r),
              ::testing::ElementsAre("ram", "dax0.0", "0000:00:02.0/bar2", "0000:00:04.0/bar0",
                                     "0000:00:04.0/vfio-bar0", "node1"));
  ASSERT_EQ(r.skipped.size(), 6u);
  EXPECT_EQ(r.skipped.back().name, "0000:00:02.0/bar0");
  EXPECT_THAT(r.skipped.back().reason,
              HasSubstr("register BAR smaller than a page: not memory under test"));
}

TEST(RegionDiscoveryTest, auto_discovery_keeps_a_bar_of_a_whole_page) {
  const DiscoveryResult r =
      SelectRegions(Manifest{}, {testing::FakeSysfs(), "/dev", FailIfCalled(), 256});
  EXPECT_THAT(FoundNames(r), ::testing::Contains("0000:00:02.0/bar0"));
}

TEST(RegionDiscoveryTest, manifest_naming_a_register_bar_is_honoured) {
  ManifestRegion regs = Region("ivshmem-regs", ManifestRegionKind::kBar);
  regs.pci.bdf = "0000:00:02.0";
  regs.bar = 0;
  const DiscoveryResult r =
      SelectRegions(WithRegions({regs}), {testing::FakeSysfs(), "/dev", FailIfCalled(), 4096});
  ASSERT_EQ(r.found.size(), 1u);
  EXPECT_TRUE(r.skipped.empty());
  EXPECT_EQ(r.found[0].name, "ivshmem-regs");
  EXPECT_EQ(r.found[0].size_bytes, 256u);
}

TEST(RegionDiscoveryTest, unmatched_region_is_skipped_saying_what_was_there) {
  ManifestRegion dax = Region("dax9", ManifestRegionKind::kDax);
  dax.dax_device = "dax9.0";
  ManifestRegion bar = Region("bar", ManifestRegionKind::kBar);
  bar.pci.bdf = "0000:00:03.0";
  bar.bar = 4;
  const DiscoveryResult r =
      SelectRegions(WithRegions({dax, bar}), {testing::FakeSysfs(), "/dev", FailIfCalled()});
  EXPECT_TRUE(r.found.empty());
  ASSERT_EQ(r.skipped.size(), 2u);
  EXPECT_EQ(r.skipped[0].name, "dax9");
  EXPECT_THAT(r.skipped[0].reason, HasSubstr("dax device 'dax9.0' not found (found dax: dax0.0)"));
  EXPECT_THAT(r.skipped[1].reason, HasSubstr("PCI 0000:00:03.0 BAR 4 not found"));
  EXPECT_THAT(r.skipped[1].reason, HasSubstr("bound to driver 'virtio-pci'"));
}

// Issue 20: the same BAR as a bar region (sysfs, module) and as the guest's own VFIO region.
TEST(RegionDiscoveryTest, a_vfio_bound_bar_is_matched_both_as_bar_and_as_vfio) {
  ManifestRegion bar = Region("bar0", ManifestRegionKind::kBar);
  bar.pci.bdf = "0000:00:04.0";
  bar.bar = 0;
  ManifestRegion vfio = Region("bar0-vfio", ManifestRegionKind::kVfio);
  vfio.pci.bdf = "0000:00:04.0";
  vfio.bar = 0;
  const DiscoveryResult r =
      SelectRegions(WithRegions({bar, vfio}), {testing::FakeSysfs(), "/dev", FailIfCalled()});
  ASSERT_EQ(r.found.size(), 2u) << (r.skipped.empty() ? "" : r.skipped[0].reason);
  EXPECT_EQ(r.found[0].kind, ManifestRegionKind::kBar);
  EXPECT_EQ(r.found[0].spec.kind, RegionKind::kPciResource);
  EXPECT_EQ(r.found[1].kind, ManifestRegionKind::kVfio);
  EXPECT_EQ(r.found[1].spec.kind, RegionKind::kVfio);
  EXPECT_EQ(r.found[1].physical_address, r.found[0].physical_address);
}

// The skip reasons of issue 20: an IOMMU group that is not viable; a kernel without vfio-pci.
TEST(RegionDiscoveryTest, vfio_region_skipped_when_its_group_is_not_viable) {
  const std::filesystem::path sysfs = testing::CopyOfFakeSysfs("vfio_group");
  std::filesystem::create_symlink("../../../../bus/pci/devices/0000:00:03.0",
                                  sysfs / "kernel/iommu_groups/5/devices/0000:00:03.0");
  ManifestRegion vfio = Region("bar0-vfio", ManifestRegionKind::kVfio);
  vfio.pci.bdf = "0000:00:04.0";
  vfio.bar = 0;
  const DiscoveryResult r = SelectRegions(WithRegions({vfio}), {sysfs, "/dev", FailIfCalled()});
  EXPECT_TRUE(r.found.empty());
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].name, "bar0-vfio");
  EXPECT_THAT(r.skipped[0].reason,
              HasSubstr("vfio-pci-bound PCI 0000:00:04.0 BAR 0 not usable through VFIO: vfio "
                        "0000:00:04.0: IOMMU group 5 is not viable: member 0000:00:03.0 is bound "
                        "to 'virtio-pci'"));
  std::filesystem::remove_all(sysfs);
}

TEST(RegionDiscoveryTest, vfio_region_skipped_when_the_kernel_has_no_vfio_pci) {
  const std::filesystem::path sysfs = testing::CopyOfFakeSysfs("no_vfio_pci");
  std::filesystem::remove_all(sysfs / "bus/pci/drivers/vfio-pci");
  std::filesystem::remove(sysfs / "bus/pci/devices/0000:00:04.0/driver");  // binding failed
  ManifestRegion vfio = Region("bar0-vfio", ManifestRegionKind::kVfio);
  vfio.pci.bdf = "0000:00:04.0";
  vfio.bar = 0;
  const DiscoveryResult r = SelectRegions(WithRegions({vfio}), {sysfs, "/dev", FailIfCalled()});
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_THAT(r.skipped[0].reason, HasSubstr("this kernel has no vfio-pci driver"));
  EXPECT_THAT(r.skipped[0].reason, HasSubstr("bound to no driver, not vfio-pci"));
  std::filesystem::remove_all(sysfs);
}

TEST(RegionDiscoveryTest, make_devdax_runs_ndctl_on_the_raw_namespace_then_finds_the_device) {
  const std::filesystem::path sysfs = testing::CopyOfFakeSysfs("ndctl");
  std::vector<std::vector<std::string>> calls;
  CommandRunner fake_ndctl = [&](const std::vector<std::string>& argv) -> Result<CommandResult> {
    calls.push_back(argv);
    const auto dev = sysfs / "bus/dax/devices/dax3.0";  // what the conversion creates
    std::filesystem::create_directories(dev);
    std::ofstream(dev / "size") << "1071644672\n";
    std::ofstream(dev / "numa_node") << "0\n";
    return CommandResult{0, "{\"dev\":\"namespace0.0\",\"mode\":\"devdax\"}"};
  };
  ManifestRegion dax = Region("dax0", ManifestRegionKind::kDax);
  dax.dax_device = "dax3.0";
  dax.make_devdax = true;
  const DiscoveryResult r = SelectRegions(WithRegions({dax}), {sysfs, "/dev", fake_ndctl});
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0], DevdaxConversionArgv("namespace0.0"));
  EXPECT_THAT(calls[0], ::testing::ElementsAre("ndctl", "create-namespace", "-f", "-e",
                                               "namespace0.0", "-m", "devdax", "-a", "2M"));
  ASSERT_EQ(r.found.size(), 1u) << (r.skipped.empty() ? "" : r.skipped[0].reason);
  EXPECT_EQ(r.found[0].spec.path, "/dev/dax3.0");
  EXPECT_THAT(r.found[0].notes,
              ::testing::Contains(HasSubstr("converted namespace0.0 (raw) to devdax")));
  std::filesystem::remove_all(sysfs);
}

TEST(RegionDiscoveryTest, failed_ndctl_is_in_the_skip_reason) {
  CommandRunner failing = [](const std::vector<std::string>&) -> Result<CommandResult> {
    return CommandResult{1, "libndctl: namespace busy"};
  };
  ManifestRegion dax = Region("dax0", ManifestRegionKind::kDax);
  dax.dax_device = "dax3.0";
  dax.make_devdax = true;
  const DiscoveryResult r =
      SelectRegions(WithRegions({dax}), {testing::FakeSysfs(), "/dev", failing});
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_THAT(r.skipped[0].reason,
              HasSubstr("ndctl create-namespace exited 1: libndctl: namespace busy"));
}

TEST(RegionDiscoveryTest, run_command_reports_exit_code_and_output) {
  auto ok = RunCommand({"sh", "-c", "echo hello; exit 3"});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->exit_code, 3);
  EXPECT_EQ(ok->output, "hello\n");
  auto missing = RunCommand({"/nonexistent/ndctl"});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->exit_code, 127);
  EXPECT_THAT(missing->output, HasSubstr("exec failed"));
}

}  // namespace
}  // namespace memattr::agent
