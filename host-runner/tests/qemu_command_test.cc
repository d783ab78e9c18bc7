// Golden argv for every example scenario: TCG on an x86_64 host, KVM on an arm64 host.
// Regenerate after an intended change: MEMATTR_UPDATE_GOLDEN=1 ./qemu_command_test
#include "vm/qemu_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "backing/region_checks.h"
#include "golden_testing.h"
#include "scenario/guest_layout.h"
#include "scenario/scenario.h"
#include "vm/accel_options.h"
#include "vm/nested_host_command.h"

namespace memattr::host {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::HasSubstr;

const fs::path kSourceDir = MEMATTR_HOST_SOURCE_DIR;

QemuPaths FixedPaths() {
  return {.binary = "/usr/bin/qemu-system-aarch64",
          .firmware = "/image/QEMU_EFI.fd",
          .kernel = "/image/vmlinuz",
          .initrd = "/image/initrd.img",
          .kernel_append = "console=ttyAMA0 panic=-1",
          .manifest = "/results/manifest-1.json",
          .console_log = "/results/console-1.log",
          .events_socket = "/results/events.sock"};
}

// "# skipped ..." lines, then one argument per line.
std::string RenderGolden(const Scenario& scenario, const HostPlatform& host,
                         const QemuCapabilities& caps) {
  const RegionSelection sel = SelectRegions(scenario, caps, {.check_host = false});
  const Result<AccelProfile> accel = SelectAccel(scenario.accel, host, caps);
  EXPECT_TRUE(accel.ok()) << scenario.file;
  std::ostringstream out;
  for (const SkippedRegion& s : sel.skipped)
    out << "# skipped " << s.name << ": " << s.reason << "\n";
  const Result<GuestLayout> layout = PlanGuestLayout(sel.scenario, "/results");
  EXPECT_TRUE(layout.ok()) << scenario.file;
  if (!layout) return layout.error().message;
  for (const std::string& arg : BuildQemuArgv(sel.scenario, *layout, *accel, FixedPaths()))
    out << arg << "\n";
  return out.str();
}

// L1 of a nested scenario, with fixed paths (the same for every kernel series).
std::string RenderNestedHostGolden(const NestedHostConfig& nested) {
  std::ostringstream out;
  const NestedHostPaths paths{.binary = "/usr/bin/qemu-system-aarch64",
                              .firmware = "/host-image/QEMU_EFI.fd",
                              .kernel = "/host-image/vmlinuz",
                              .initrd = "/host-image/initrd.img",
                              .scenario = "/scenario.yaml",
                              .dax_file = "/results/l1-dax.img",
                              .pfnmap_file = "/results/l1-pfnmap.img",
                              .vfio_file = "/results/l1-vfio.img",
                              .console_log = "/results/console-l1.log",
                              .events_socket = "/run/l1.sock"};
  for (const std::string& arg : BuildNestedHostArgv(nested, paths)) out << arg << "\n";
  return out.str();
}

TEST(NestedHostCommandTest, l1_has_el2_its_nvdimm_the_scenario_and_the_relay_port) {
  NestedHostConfig n{.host_kernels = {"6.12"}, .cpu = "neoverse-n1", .dax_bytes = 256ull << 20};
  const std::string argv = RenderNestedHostGolden(n);
  EXPECT_THAT(argv, HasSubstr("virt,gic-version=3,virtualization=on,nvdimm=on\n"));
  EXPECT_THAT(argv, HasSubstr("-cpu\nneoverse-n1\n"));  // named models get no pauth option
  EXPECT_THAT(argv, HasSubstr("mem-path=/results/l1-dax.img,size=262272K,align=2M"));
  EXPECT_THAT(argv, HasSubstr("name=opt/memattr/scenario,file=/scenario.yaml"));
  EXPECT_THAT(argv, HasSubstr("virtserialport,chardev=events0,name=memattr.events"));
  EXPECT_THAT(argv, Not(HasSubstr("ivshmem")));
  n.dax_bytes = 0;
  EXPECT_THAT(RenderNestedHostGolden(n), Not(HasSubstr("nvdimm")));
}

TEST(NestedHostCommandTest, pfnmap_and_vfio_bar_give_l1_ivshmem_bars_at_fixed_slots) {
  NestedHostConfig n{.host_kernels = {"7"}, .pfnmap_bytes = 64ull << 20};
  std::string argv = RenderNestedHostGolden(n);
  EXPECT_THAT(
      argv,
      HasSubstr(
          "memory-backend-file,id=mem-l1pfn,share=on,mem-path=/results/l1-pfnmap.img,size=64M\n"));
  EXPECT_THAT(
      argv,
      HasSubstr("-device\nivshmem-plain,id=bar-l1pfn,memdev=mem-l1pfn,bus=pcie.0,addr=0x1e\n"));
  EXPECT_THAT(argv, Not(HasSubstr("smmuv3")));
  n.vfio_bar_bytes = 16ull << 20;  // VFIO in L1 needs its IOMMU
  argv = RenderNestedHostGolden(n);
  EXPECT_THAT(argv, HasSubstr("virt,gic-version=3,virtualization=on,iommu=smmuv3\n"));
  EXPECT_THAT(argv, HasSubstr("mem-path=/results/l1-vfio.img,size=16M\n"));
  EXPECT_THAT(
      argv,
      HasSubstr("-device\nivshmem-plain,id=bar-l1vfio,memdev=mem-l1vfio,bus=pcie.0,addr=0x1f\n"));
}

// What an argv must hold for each region, derived from the scenario alone (never from
// BuildQemuArgv): the region's device and its backing. Checked on the golden file itself, so
// MEMATTR_UPDATE_GOLDEN=1 cannot bless an argv that lost or mis-wired a region.
std::vector<std::string> RequiredInArgv(const Scenario& scenario) {
  std::vector<std::string> need;
  for (const RegionConfig& r : scenario.regions) {
    const std::string mem = "mem-" + r.name;
    const std::string file = r.path.empty() ? "/results/" + r.name + ".img" : r.path.string();
    const std::string backing =
        "-object\nmemory-backend-file,id=" + mem + ",share=on,mem-path=" + file + ",";
    switch (r.kind) {
      case BackingKind::kRam:
        break;
      case BackingKind::kDax:
        need.push_back(backing);
        need.push_back("-device\nnvdimm,id=nv-" + r.name + ",memdev=" + mem + ",");
        break;
      case BackingKind::kCxl:
        if (r.cxl_device_model) {  // FakeQemu10 is 10.0: cxl-type3 needs 10.1
          need.push_back("# skipped " + r.name + ": ");
          break;
        }
        need.push_back(r.host_node >= 0 ? "-object\nmemory-backend-ram,id=" + mem + "," : backing);
        if (r.host_node >= 0) need.push_back(",host-nodes=" + std::to_string(r.host_node) + ",");
        need.push_back(",memdev=" + mem + "\n");  // the end of its -numa node line
        break;
      case BackingKind::kEmulatedBar:
        need.push_back(backing);
        need.push_back("-device\nivshmem-plain,id=" + r.name + ",memdev=" + mem + ",");
        break;
      case BackingKind::kVfio:
        need.push_back("-device\nvfio-pci,id=" + r.name + ",host=" + r.host_bdf + ",");
        break;
    }
  }
  return need;
}

// The same for the emulated host (L1) of a nested scenario: EL2, and each device L1 is given.
std::vector<std::string> RequiredInNestedHostArgv(const NestedHostConfig& n) {
  std::vector<std::string> need{"virtualization=on"};
  if (n.dax_bytes) {
    need.push_back("mem-path=/results/l1-dax.img,");
    need.push_back("-device\nnvdimm,id=nv-l1dax,memdev=mem-l1dax,");
  }
  if (n.pfnmap_bytes) {
    need.push_back("mem-path=/results/l1-pfnmap.img,");
    need.push_back("-device\nivshmem-plain,id=bar-l1pfn,memdev=mem-l1pfn,");
  }
  if (n.vfio_bar_bytes) {
    need.push_back("mem-path=/results/l1-vfio.img,");
    need.push_back("-device\nivshmem-plain,id=bar-l1vfio,memdev=mem-l1vfio,");
  }
  return need;
}

// The golden check of golden_testing.h, plus what the scenario implies the golden must hold.
void CheckGoldenHolds(const fs::path& golden, const std::string& actual,
                      const std::vector<std::string>& required) {
  CheckGolden(golden, actual);
  std::ifstream in(golden);
  std::stringstream expected;
  expected << in.rdbuf();
  for (const std::string& need : required)
    EXPECT_THAT(expected.str(), HasSubstr(need)) << golden << " lacks what its scenario implies";
}

TEST(QemuCommandTest, golden_argv_for_every_example_scenario) {
  int checked = 0;
  for (const fs::directory_entry& e : fs::directory_iterator(kSourceDir / "scenarios")) {
    if (e.path().extension() != ".yaml") continue;
    Result<Scenario> s = ParseScenarioFile(e.path());
    ASSERT_TRUE(s.ok()) << s.error().message;
    s->file = e.path().filename();  // keep absolute source paths out of goldens
    const fs::path golden_dir = kSourceDir / "tests/testdata/golden";
    const std::string stem = e.path().stem().string();
    s->accel = AccelChoice::kAuto;
    const std::vector<std::string> required = RequiredInArgv(*s);
    EXPECT_FALSE(required.empty()) << stem << ": a scenario with no region to check";
    CheckGoldenHolds(
        golden_dir / (stem + ".tcg-x86_64.argv"),
        RenderGolden(*s, {.arch = "x86_64", .kvm_available = false}, FakeQemu10(false)), required);
    CheckGoldenHolds(golden_dir / (stem + ".kvm-aarch64.argv"),
                     RenderGolden(*s, {.arch = "aarch64", .kvm_available = true}, FakeQemu10(true)),
                     required);
    if (s->nested)
      CheckGoldenHolds(golden_dir / (stem + ".l1-host.argv"), RenderNestedHostGolden(*s->nested),
                       RequiredInNestedHostArgv(*s->nested));
    ++checked;
  }
  EXPECT_GE(checked, 5);
}

TEST(QemuCommandTest, default_scenario_has_every_backing_and_channel) {
  Result<Scenario> s = ParseScenarioFile(kSourceDir / "scenarios/default.yaml");
  ASSERT_TRUE(s.ok()) << s.error().message;
  const Result<GuestLayout> layout = PlanGuestLayout(*s, "/results");
  ASSERT_TRUE(layout.ok()) << layout.error().message;
  const auto accel = SelectAccel(AccelChoice::kAuto, {.arch = "x86_64"}, FakeQemu10(false));
  ASSERT_TRUE(accel.ok());
  const std::vector<std::string> argv = BuildQemuArgv(*s, *layout, *accel, FixedPaths());
  EXPECT_THAT(argv, Contains("virt,gic-version=3,nvdimm=on,iommu=smmuv3"));
  EXPECT_THAT(argv, Contains("max,pauth-impdef=on"));
  EXPECT_THAT(argv, Contains("node,nodeid=1,memdev=mem-cxl0"));
  EXPECT_THAT(argv, Contains("nvdimm,id=nv-dax0,memdev=mem-dax0,label-size=128K"));
  EXPECT_THAT(argv, Contains("ivshmem-plain,id=bar0,memdev=mem-bar0,bus=pcie.0,addr=0x8"));
  EXPECT_THAT(argv, Contains("name=opt/memattr/manifest,file=/results/manifest-1.json"));
  EXPECT_THAT(argv, Contains("virtserialport,chardev=events0,name=memattr.events"));
  EXPECT_THAT(argv, Contains("none"));
  // nvdimm backend: 64 MiB + 128 KiB label area, 2M aligned; a size always carries its unit
  EXPECT_THAT(argv, Contains(HasSubstr("size=65664K,align=2M")));
}

// Issue 16 class 2: sizes carry their unit, option values their commas doubled, and limits QEMU
// would enforce only at start-up are reported at dry-run.
TEST(QemuCommandTest, sizes_always_carry_their_unit) {
  EXPECT_EQ(QemuSize(1ull << 30), "1024M");
  EXPECT_EQ(QemuSize(1024), "1K");  // bare "1024" after -m would be a 1 GiB guest
  EXPECT_EQ(QemuSize((64ull << 20) + (128 << 10)), "65664K");
  EXPECT_EQ(QemuSize(4097), "4097B");
}

TEST(QemuCommandTest, option_values_double_their_commas) {
  EXPECT_EQ(QemuOptionValue("/r/a,b,,c.img"), "/r/a,,b,,,,c.img");
  EXPECT_EQ(QemuOptionValue("plain"), "plain");
  Result<Scenario> s = ParseScenarioText(
      "name: c\nregions:\n  - {kind: emulated-bar, size: 16MiB, path: '/data/a,share=off.img', "
      "overwrite: true}\n  - {kind: dax, size: 16MiB}\n",
      "/s/c.yaml");
  ASSERT_TRUE(s.ok()) << s.error().message;
  const Result<GuestLayout> layout = PlanGuestLayout(*s, "/res,ults");
  ASSERT_TRUE(layout.ok()) << layout.error().message;
  QemuPaths paths = FixedPaths();
  paths.manifest = "/res,ults/manifest-1.json";
  paths.events_socket = "/tmp/a,b.sock";
  const auto accel = SelectAccel(AccelChoice::kTcg, {.arch = "x86_64"}, FakeQemu10(false));
  ASSERT_TRUE(accel.ok());
  const std::vector<std::string> argv = BuildQemuArgv(*s, *layout, *accel, paths);
  EXPECT_THAT(argv, Contains(HasSubstr("mem-path=/data/a,,share=off.img,size=16M")));
  EXPECT_THAT(argv, Contains(HasSubstr("mem-path=/res,,ults/dax0.img,size=16512K")));
  EXPECT_THAT(argv, Contains("name=opt/memattr/manifest,file=/res,,ults/manifest-1.json"));
  EXPECT_THAT(argv, Contains("socket,id=events0,path=/tmp/a,,b.sock,server=on,wait=off"));
}

std::string Regions(const char* region, int count) {
  std::string text = "name: many\nregions:\n";
  for (int i = 0; i < count; ++i) text += std::string("  - ") + region + "\n";
  return text;
}

TEST(QemuCommandTest, more_nvdimms_than_memory_slots_is_an_error_naming_the_region) {
  Result<Scenario> four = ParseScenarioText(Regions("{kind: dax, size: 16MiB}", 4), "/s/m.yaml");
  ASSERT_TRUE(four.ok()) << four.error().message;
  EXPECT_TRUE(PlanGuestLayout(*four, "/results").ok());
  Result<Scenario> five = ParseScenarioText(Regions("{kind: dax, size: 16MiB}", 5), "/s/m.yaml");
  ASSERT_TRUE(five.ok()) << five.error().message;
  const Result<GuestLayout> layout = PlanGuestLayout(*five, "/results");
  ASSERT_FALSE(layout.ok());
  EXPECT_EQ(layout.error().message,
            "/s/m.yaml:7: regions[4]: more nvdimms than the guest's 4 memory slots (-m "
            "...,slots=4): 4 dax regions at most");
}

TEST(QemuCommandTest, more_pci_devices_than_root_bus_slots_is_an_error_naming_the_region) {
  const char* bar = "{kind: emulated-bar, size: 1MiB}";
  Result<Scenario> fits = ParseScenarioText(Regions(bar, 24), "/s/m.yaml");
  ASSERT_TRUE(fits.ok()) << fits.error().message;
  EXPECT_TRUE(PlanGuestLayout(*fits, "/results").ok());
  Result<Scenario> too_many = ParseScenarioText(Regions(bar, 25), "/s/m.yaml");
  ASSERT_TRUE(too_many.ok()) << too_many.error().message;
  const Result<GuestLayout> layout = PlanGuestLayout(*too_many, "/results");
  ASSERT_FALSE(layout.ok());
  EXPECT_EQ(layout.error().message,
            "/s/m.yaml:27: regions[24]: more PCI devices than the free slots on virt's root bus "
            "(0x8-0x1f: 24 emulated-bar and vfio regions at most)");
}

TEST(QemuCommandTest, a_region_name_that_would_leave_the_results_directory_gets_no_path) {
  Scenario s;
  s.file = "/s/x.yaml";
  s.regions.push_back({.name = "../../outside", .kind = BackingKind::kDax, .size_bytes = 16 << 20});
  const Result<GuestLayout> layout = PlanGuestLayout(s, "/results");
  ASSERT_FALSE(layout.ok());
  EXPECT_THAT(layout.error().message, HasSubstr("region ../../outside: '../../outside.img' under "
                                                "/results: not a safe file name"));
}

TEST(AccelOptionsTest, kvm_only_on_arm64_with_dev_kvm) {
  const QemuCapabilities caps = FakeQemu10(true);
  EXPECT_EQ(SelectAccel(AccelChoice::kAuto, {.arch = "aarch64", .kvm_available = true}, caps)->name,
            "kvm");
  EXPECT_EQ(
      SelectAccel(AccelChoice::kAuto, {.arch = "aarch64", .kvm_available = false}, caps)->name,
      "tcg");
  EXPECT_EQ(SelectAccel(AccelChoice::kAuto, {.arch = "x86_64", .kvm_available = true}, caps)->name,
            "tcg");
  const auto forced =
      SelectAccel(AccelChoice::kKvm, {.arch = "x86_64", .kvm_available = true}, caps);
  ASSERT_FALSE(forced.ok());
  EXPECT_EQ(forced.error().message,
            "accel: kvm requested but host is x86_64, KVM runs arm64 guests only on arm64");
  const auto no_kvm_in_qemu =
      SelectAccel(AccelChoice::kKvm, {.arch = "aarch64", .kvm_available = true}, FakeQemu10(false));
  ASSERT_FALSE(no_kvm_in_qemu.ok());
  EXPECT_THAT(no_kvm_in_qemu.error().message, HasSubstr("lists no kvm accelerator"));
}

}  // namespace
}  // namespace memattr::host
