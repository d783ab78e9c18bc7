// Golden libvirt domain XML for every example scenario (TCG on an x86_64 host), rendered from the
// same layout as the argv goldens; tests/libvirt/domxml_to_native_test.py has libvirt turn each
// one back into an argv and compares it with the argv golden device by device.
// Regenerate after an intended change: MEMATTR_UPDATE_GOLDEN=1 ./domain_xml_test
#include "libvirt/domain_xml.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "backing/region_checks.h"
#include "golden_testing.h"

namespace memattr::host {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const fs::path kSourceDir = MEMATTR_HOST_SOURCE_DIR;

DomainPaths FixedPaths() {
  return {.name = "memattr-test",
          .emulator = "/usr/bin/qemu-system-aarch64",
          .firmware_code = "/image/QEMU_EFI-pflash.raw",
          .firmware_vars = "/results/vars-1.fd",
          .kernel = "/image/vmlinuz",
          .initrd = "/image/initrd.img",
          .kernel_append = "console=ttyAMA0 panic=-1",
          .manifest = "/results/manifest-1.json"};
}

Scenario Load(const std::string& name) {
  Result<Scenario> s = ParseScenarioFile(kSourceDir / "scenarios" / name);
  EXPECT_TRUE(s.ok()) << s.error().message;
  s->file = name;  // keep absolute source paths out of goldens
  return *s;
}

// "# skipped/passthrough/substituted ..." lines, then the XML; or "# refused: ..." alone.
std::string RenderGolden(const Scenario& scenario) {
  const QemuCapabilities caps = FakeQemu10(false);
  const RegionSelection sel = SelectRegions(scenario, caps, {.check_host = false});
  const Result<AccelProfile> accel = SelectAccel(scenario.accel, {.arch = "x86_64"}, caps);
  EXPECT_TRUE(accel.ok()) << scenario.file;
  std::ostringstream out;
  for (const SkippedRegion& s : sel.skipped)
    out << "# skipped " << s.name << ": " << s.reason << "\n";
  const Result<GuestLayout> layout = PlanGuestLayout(sel.scenario, "/results");
  if (!layout) return out.str() + "# refused: " + layout.error().message + "\n";
  const Result<DomainXml> d = RenderDomainXml(sel.scenario, *layout, *accel, FixedPaths());
  if (!d) return out.str() + "# refused: " + d.error().message + "\n";
  for (const std::string& p : d->passthrough) out << "# passthrough " << p << "\n";
  for (const std::string& p : d->substitutions) out << "# substituted " << p << "\n";
  return out.str() + d->xml;
}

TEST(DomainXmlTest, golden_xml_for_every_example_scenario) {
  int checked = 0;
  for (const fs::directory_entry& e : fs::directory_iterator(kSourceDir / "scenarios")) {
    if (e.path().extension() != ".yaml") continue;
    Scenario s = Load(e.path().filename().string());
    s.accel = AccelChoice::kAuto;  // as the argv goldens: TCG on x86_64
    CheckGolden(kSourceDir / "tests/testdata/golden" / (e.path().stem().string() + ".domain.xml"),
                RenderGolden(s));
    ++checked;
  }
  EXPECT_GE(checked, 5);
}

TEST(DomainXmlTest, default_scenario_is_native_but_for_the_bar_and_the_cpu_property) {
  const std::string xml = RenderGolden(Load("default.yaml"));
  EXPECT_THAT(xml, HasSubstr("<memory model='nvdimm' access='shared'>"));
  EXPECT_THAT(xml, HasSubstr("<path>/results/dax0.img</path>"));
  EXPECT_THAT(xml, HasSubstr("<cell id='1' memory='131072' unit='KiB'/>"));
  EXPECT_THAT(xml, HasSubstr("<iommu model='smmuv3'/>"));
  EXPECT_THAT(xml,
              HasSubstr("<entry name='opt/memattr/manifest' file='/results/manifest-1.json'/>"));
  EXPECT_THAT(xml, HasSubstr("<target type='virtio' name='memattr.events'/>"));
  EXPECT_THAT(xml,
              HasSubstr("# passthrough bar0: ivshmem-plain on /results/bar0.img at 0000:00:08.0"));
  EXPECT_THAT(
      xml,
      HasSubstr("<qemu:arg value='ivshmem-plain,id=bar0,memdev=mem-bar0,bus=pcie.0,addr=0x8'/>"));
  EXPECT_THAT(xml, HasSubstr("<qemu:arg value='max-arm-cpu.pauth-impdef=on'/>"));
  EXPECT_THAT(xml, HasSubstr("# substituted cxl0: NUMA node 1 backed by libvirt's guest memory"));
}

TEST(DomainXmlTest, a_numa_node_on_a_chosen_file_is_refused_naming_the_region) {
  Scenario s = Load("default.yaml");
  s.regions[2].path = "/srv/cxl.img";
  const Result<GuestLayout> layout = PlanGuestLayout(s, "/results");
  ASSERT_TRUE(layout.ok()) << layout.error().message;
  const AccelProfile tcg{.name = "tcg", .cpu = "max", .timings_meaningful = false};
  const Result<DomainXml> d = RenderDomainXml(s, *layout, tcg, FixedPaths());
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(d.error().message, HasSubstr("region cxl0 (default.yaml:"));
  EXPECT_THAT(d.error().message,
              HasSubstr("a NUMA node backed by /srv/cxl.img cannot be expressed"));
}

TEST(DomainXmlTest, paths_are_escaped_and_firmware_none_has_no_loader_and_no_acpi) {
  Scenario s = Load("emulated_bar.yaml");
  s.uefi = false;
  DomainPaths paths = FixedPaths();
  paths.kernel = "/image/a'b&c";
  const AccelProfile tcg{.name = "tcg", .cpu = "max", .timings_meaningful = false};
  const Result<GuestLayout> layout = PlanGuestLayout(s, "/r");
  ASSERT_TRUE(layout.ok()) << layout.error().message;
  const Result<DomainXml> d = RenderDomainXml(s, *layout, tcg, paths);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_THAT(d->xml, HasSubstr("<kernel>/image/a&#39;b&amp;c</kernel>"));
  EXPECT_THAT(d->xml, Not(HasSubstr("<loader")));
  EXPECT_THAT(d->xml, Not(HasSubstr("<acpi/>")));
  EXPECT_THAT(d->xml, HasSubstr("<cpu mode='maximum' check='none'/>"));
}

}  // namespace
}  // namespace memattr::host
