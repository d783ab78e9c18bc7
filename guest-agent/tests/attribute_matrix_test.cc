#include "matrix/attribute_matrix.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace memattr::agent {
namespace {

using ::testing::HasSubstr;

KernelInfo Kernel(std::string name, KernelFamily family, bool on_x86 = true) {
  KernelInfo k;
  k.name = std::move(name);
  k.family = family;
  k.aarch64_instructions = {"ldr"};
  if (on_x86)
    k.x86_64_instructions = {"mov"};
  else
    k.not_applicable_reason = "x86_64 has no load/store-exclusive";
  return k;
}

ProbeInfo Probe(std::string name, bool on_x86 = true) {
  ProbeInfo p;
  p.name = std::move(name);
  p.available_on_x86_64 = on_x86;
  if (!on_x86) p.not_applicable_reason = "arm64 instruction";
  return p;
}

DiscoveredRegion Region(std::string name, ManifestRegionKind kind, std::uint64_t size = 64u << 20) {
  DiscoveredRegion r;
  r.name = std::move(name);
  r.kind = kind;
  r.size_bytes = size;
  r.spec.name = r.name;
  return r;
}

DiscoveredRegion Bar(bool prefetchable) {
  DiscoveredRegion r = Region("bar", ManifestRegionKind::kBar, 16u << 20);
  r.prefetchable = prefetchable;
  r.bar = 2;
  r.physical_address = 0x8000000000;
  r.spec.kind = RegionKind::kPciResource;
  r.spec.path = "/sys/bus/pci/devices/0000:00:02.0/resource2";
  return r;
}

class AttributeMatrixTest : public ::testing::Test {
 protected:
  KernelInfo copy_ = Kernel("stream_copy", KernelFamily::kStreaming);
  KernelInfo excl_ = Kernel("exclusive_increment", KernelFamily::kExclusive, false);
  ProbeInfo unaligned_ = Probe("unaligned_load_8");
  ProbeInfo zva_ = Probe("dc_zva", false);
  MatrixOptions Options(Arch arch, ModuleState module = ModuleState::kAbsent) {
    MatrixOptions o;
    o.arch = arch;
    o.module = module;
    o.kernels = {&copy_, &excl_};
    o.probes = {&unaligned_, &zva_};
    o.threads = {1, 2};
    o.working_set_bytes = 4u << 20;
    return o;
  }
};

TEST_F(AttributeMatrixTest, dax_cells_map_whole_2mib_pages) {
  DiscoveredRegion dax = Region("dax0", ManifestRegionKind::kDax, 62u << 20);
  dax.spec.kind = RegionKind::kDax;
  dax.spec.path = "/dev/dax0.0";
  MatrixOptions options = Options(Arch::kAarch64);
  options.working_set_bytes = 1u << 20;  // devdax refuses a 1 MiB mmap (EINVAL)
  const MatrixPlan plan = BuildMatrix({dax}, options);
  ASSERT_EQ(plan.cells.size(), 1u);
  EXPECT_EQ(plan.cells[0].spec.size, 2u << 20);
}

TEST_F(AttributeMatrixTest, ram_reaches_only_normal_wb_without_the_module) {
  const MatrixPlan plan =
      BuildMatrix({Region("ram", ManifestRegionKind::kRam, 0)}, Options(Arch::kAarch64));
  ASSERT_EQ(plan.cells.size(), 1u);
  EXPECT_EQ(plan.cells[0].attribute, MemoryAttribute::kNormalWb);
  EXPECT_EQ(plan.cells[0].spec.size, 4u << 20);  // the working set: ram has no size of its own
  EXPECT_EQ(plan.cells[0].kernels.size(), 4u);   // 2 kernels x 2 thread counts
  EXPECT_EQ(plan.cells[0].probes.size(), 2u);
  ASSERT_EQ(plan.skipped.size(), 3u);
  for (const SkippedMatrixCell& s : plan.skipped) {
    EXPECT_THAT(s.reason, HasSubstr("not reachable on a ram region"));
    EXPECT_THAT(s.reason, HasSubstr("/dev/memattr absent"));
  }
}

TEST_F(AttributeMatrixTest, bar_routes_device_to_resource_and_nc_to_resource_wc) {
  const MatrixPlan plan = BuildMatrix({Bar(true)}, Options(Arch::kAarch64));
  ASSERT_EQ(plan.cells.size(), 2u);
  EXPECT_EQ(plan.cells[0].attribute, MemoryAttribute::kNormalNc);
  EXPECT_EQ(plan.cells[0].spec.path.filename(), "resource2_wc");
  EXPECT_EQ(plan.cells[1].attribute, MemoryAttribute::kDeviceNGnRE);
  EXPECT_EQ(plan.cells[1].spec.path.filename(), "resource2");
}

// Issue 20: a VFIO region is vfio-pci's own mapping, one cell, even with the module loaded.
TEST_F(AttributeMatrixTest, vfio_region_has_only_vfio_pcis_device_ngnrne_cell) {
  DiscoveredRegion vfio = Bar(true);
  vfio.name = "bar0-vfio";
  vfio.kind = ManifestRegionKind::kVfio;
  vfio.spec.kind = RegionKind::kVfio;
  const MatrixPlan plan = BuildMatrix({vfio}, Options(Arch::kAarch64, ModuleState::kLoaded));
  ASSERT_EQ(plan.cells.size(), 1u);
  EXPECT_EQ(plan.cells[0].attribute, MemoryAttribute::kDeviceNGnRnE);
  EXPECT_EQ(plan.cells[0].spec.kind, RegionKind::kVfio);
  EXPECT_THAT(plan.cells[0].route, HasSubstr("VFIO region mmap"));
  ASSERT_EQ(plan.skipped.size(), 3u);
  for (const SkippedMatrixCell& s : plan.skipped)
    EXPECT_THAT(s.reason, HasSubstr("vfio-pci, not the caller, chooses"));
}

TEST_F(AttributeMatrixTest, non_prefetchable_bar_has_no_normal_nc) {
  const MatrixPlan plan = BuildMatrix({Bar(false)}, Options(Arch::kAarch64));
  ASSERT_EQ(plan.cells.size(), 1u);
  EXPECT_EQ(plan.cells[0].attribute, MemoryAttribute::kDeviceNGnRE);
  bool explained = false;
  for (const SkippedMatrixCell& s : plan.skipped)
    explained |= s.attribute == MemoryAttribute::kNormalNc &&
                 s.reason.find("no resourceN_wc") != std::string::npos;
  EXPECT_TRUE(explained);
}

TEST_F(AttributeMatrixTest, module_reaches_every_attribute_on_a_known_physical_range) {
  DiscoveredRegion node1 = Region("node1", ManifestRegionKind::kCxl);
  node1.spec.kind = RegionKind::kNuma;
  const MatrixPlan plan =
      BuildMatrix({Bar(false), node1}, Options(Arch::kAarch64, ModuleState::kLoaded));
  std::vector<std::string> routes;
  for (const MatrixCell& c : plan.cells)
    routes.push_back(c.region + "/" + std::string(ToString(c.attribute)) + "=" + c.route);
  EXPECT_THAT(routes, ::testing::ElementsAre("bar/normal-wb=memattr module /dev/memattr",
                                             "bar/normal-nc=memattr module /dev/memattr",
                                             "bar/device-ngnre=sysfs resource2",
                                             "bar/device-ngnrne=memattr module /dev/memattr",
                                             "node1/normal-wb=numa mmap (Normal-WB by default)"));
  EXPECT_EQ(plan.cells[0].spec.kind, RegionKind::kModule);
  EXPECT_EQ(plan.cells[0].spec.physical_address, 0x8000000000u);
  EXPECT_EQ(plan.cells[0].spec.size, 4u << 20);
  // node1 has no physical address: the module cannot help; say so.
  for (const SkippedMatrixCell& s : plan.skipped)
    EXPECT_THAT(s.reason, HasSubstr("needs a physical address"));
  EXPECT_EQ(plan.skipped.size(), 3u);
}

TEST_F(AttributeMatrixTest, kernels_and_probes_not_on_this_arch_are_skipped_with_reason) {
  const MatrixPlan plan =
      BuildMatrix({Region("ram", ManifestRegionKind::kRam, 0)}, Options(Arch::kX86_64));
  ASSERT_EQ(plan.cells.size(), 1u);
  EXPECT_EQ(plan.cells[0].kernels.size(), 2u);  // stream_copy x 2 thread counts
  EXPECT_EQ(plan.cells[0].probes.size(), 1u);
  std::vector<std::string> reasons;
  for (const SkippedMatrixCell& s : plan.skipped)
    if (!s.kernel.empty() || !s.probe.empty())
      reasons.push_back(s.kernel + s.probe + ": " + s.reason);
  EXPECT_THAT(reasons,
              ::testing::UnorderedElementsAre(
                  "dc_zva: not on x86_64: arm64 instruction",
                  "exclusive_increment: not built for x86_64: x86_64 has no load/store-exclusive"));
}

TEST_F(AttributeMatrixTest, host_skip_cells_are_honoured) {
  MatrixOptions o = Options(Arch::kAarch64);
  o.host_skips = {{.region = "ram",
                   .attribute = MemoryAttribute::kNormalWb,
                   .kernel = "stream_copy",
                   .threads = 2},
                  {.region = "ram", .attribute = MemoryAttribute::kNormalWb, .probe = "dc_zva"},
                  {.region = "bar", .attribute = MemoryAttribute::kDeviceNGnRE}};
  const MatrixPlan plan = BuildMatrix({Region("ram", ManifestRegionKind::kRam, 0), Bar(true)}, o);
  ASSERT_EQ(plan.cells.size(), 2u);  // ram/normal-wb, bar/normal-nc
  EXPECT_EQ(plan.cells[0].kernels.size(), 3u);
  EXPECT_EQ(plan.cells[0].probes.size(), 1u);
  int host_skips = 0;
  for (const SkippedMatrixCell& s : plan.skipped)
    host_skips += s.reason.find("host's request") != std::string::npos;
  EXPECT_EQ(host_skips, 3);
}

TEST_F(AttributeMatrixTest,
       a_probe_with_a_host_outcome_is_not_run_and_its_cell_carries_the_outcome) {
  MatrixOptions o = Options(Arch::kAarch64);
  const ManifestHostOutcome fault{.region = "ram",
                                  .attribute = MemoryAttribute::kNormalWb,
                                  .probe = "unaligned_load_8",
                                  .outcome = HostOutcomeKind::kStage2Fault};
  o.host_skips = {
      {.region = "ram", .attribute = MemoryAttribute::kNormalWb, .probe = "unaligned_load_8"},
      {.region = "bar", .attribute = MemoryAttribute::kDeviceNGnRE}};
  o.host_outcomes = {
      fault,
      {.region = "bar",
       .attribute = MemoryAttribute::kDeviceNGnRE,
       .probe = "dc_zva",
       .outcome = HostOutcomeKind::kTimeout},
      {.region = "gone", .attribute = MemoryAttribute::kNormalWb, .probe = "dc_zva"}};
  const MatrixPlan plan = BuildMatrix({Region("ram", ManifestRegionKind::kRam, 0), Bar(true)}, o);
  ASSERT_EQ(plan.cells.size(),
            3u);  // ram/normal-wb, bar/normal-nc, bar/device-ngnre (host evidence only)
  const MatrixCell& ram = plan.cells[0];
  ASSERT_EQ(ram.probes.size(), 1u);
  EXPECT_EQ(ram.probes[0]->name, "dc_zva");
  ASSERT_EQ(ram.host_outcomes.size(), 1u);
  EXPECT_EQ(ram.host_outcomes[0].probe, "unaligned_load_8");
  for (const SkippedMatrixCell& s : plan.skipped)
    EXPECT_NE(s.probe, "unaligned_load_8") << "the host's outcome stands for it";
  const MatrixCell& skipped_whole = plan.cells[2];
  EXPECT_EQ(skipped_whole.attribute, MemoryAttribute::kDeviceNGnRE);
  EXPECT_TRUE(skipped_whole.probes.empty());
  EXPECT_TRUE(skipped_whole.kernels.empty());
  EXPECT_EQ(skipped_whole.host_outcomes.at(0).probe, "dc_zva");
  ASSERT_EQ(plan.unplaced_host_outcomes.size(), 1u);
  EXPECT_EQ(plan.unplaced_host_outcomes[0].region, "gone");
}

}  // namespace
}  // namespace memattr::agent
