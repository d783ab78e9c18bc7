// BuildManifest writes what the agent's manifest parser accepts: the round trip goes through the
// protocol's one parser (ParseManifest, which the agent uses) and the agent's plan.
#include "scenario/manifest_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "agent.h"
#include "memattr/protocol/manifest.h"

namespace memattr::host {
namespace {

using ::testing::ElementsAre;

// A devdax-backed emulated BAR (the nested A/B's L2 region) and guest RAM.
class ManifestWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_.name = "nested-ab";
    scenario_.regions = {RegionConfig{.name = "ram", .kind = BackingKind::kRam},
                         RegionConfig{.name = "bar0",
                                      .kind = BackingKind::kEmulatedBar,
                                      .size_bytes = 64 << 20,
                                      .path = "/dev/dax0.0",
                                      .bar = 2}};
    layout_.regions = {RegionPlacement{.config = &scenario_.regions[0]},
                       RegionPlacement{.config = &scenario_.regions[1],
                                       .backend_id = "mem-bar0",
                                       .backing_file = "/dev/dax0.0",
                                       .backing_is_host_device = true,
                                       .pci_slot = 8,
                                       .guest_bdf = "0000:00:08.0"}};
  }

  Scenario scenario_;
  GuestLayout layout_;
  ManifestFacts facts_{
      .host_kernel = "6.12.0-28-cloud-arm64", .accel = "kvm", .cacheable_pfnmap_cap = false};
};

const HostObservedOutcome kStage2Fault{
    .cell = {.region = "bar0", .attribute = "normal-wb", .probe = "unaligned_load_8"},
    .description = "kvm run failed Bad address: VM paused (internal-error)",
    .evidence = {"kvm [812]: Unsupported FSC: EC=0x24 xFSC=0x21 ESR_EL2=0x93c28021",
                 "error: kvm run failed Bad address"}};

TEST_F(ManifestWriterTest, writes_host_outcomes_the_agent_reads_back) {
  facts_.skip_cells = {kStage2Fault.cell};
  facts_.host_outcomes = {kStage2Fault};
  const nlohmann::json m = BuildManifest(scenario_, layout_, facts_);
  ASSERT_EQ(m["host_outcomes"].size(), 1u);
  EXPECT_EQ(m["host_outcomes"][0],
            nlohmann::json::parse(
                R"json({"region": "bar0", "attribute": "normal-wb", "probe": "unaligned_load_8",
              "outcome": "stage2-fault", "description": "kvm run failed Bad address: VM paused (internal-error)",
              "evidence": ["kvm [812]: Unsupported FSC: EC=0x24 xFSC=0x21 ESR_EL2=0x93c28021",
                           "error: kvm run failed Bad address"]})json"));
  auto parsed = protocol::ParseManifest(m.dump(), "manifest-2.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->host_outcomes.size(), 1u);
  const protocol::ManifestHostOutcome& o = parsed->host_outcomes[0];
  EXPECT_EQ(o.region, "bar0");
  EXPECT_EQ(o.attribute, MemoryAttribute::kNormalWb);
  EXPECT_EQ(o.outcome, protocol::HostOutcomeKind::kStage2Fault);
  EXPECT_EQ(o.evidence, kStage2Fault.evidence);
  EXPECT_EQ(parsed->skip_cells.at(0).probe, "unaligned_load_8");
}

TEST_F(ManifestWriterTest, chase_stride_reaches_the_agent_and_defaults_to_256) {
  auto defaulted = protocol::ParseManifest(BuildManifest(scenario_, layout_, facts_).dump(), "m");
  ASSERT_TRUE(defaulted) << defaulted.error().message;
  EXPECT_EQ(defaulted->chase_stride_bytes, 256u);
  scenario_.chase_stride_bytes = 64;
  const nlohmann::json m = BuildManifest(scenario_, layout_, facts_);
  EXPECT_EQ(m["chase_stride_bytes"], 64);
  auto parsed = protocol::ParseManifest(m.dump(), "m");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->chase_stride_bytes, 64u);
}

TEST_F(ManifestWriterTest, no_host_outcomes_no_key) {
  EXPECT_FALSE(BuildManifest(scenario_, layout_, facts_).contains("host_outcomes"));
  const HostObservedOutcome bare{
      .cell = {.region = "bar0", .attribute = "normal-nc", .probe = "dc_zva"},
      .outcome = protocol::HostOutcomeKind::kTimeout};
  facts_.host_outcomes = {bare};
  const nlohmann::json j = BuildManifest(scenario_, layout_, facts_)["host_outcomes"][0];
  EXPECT_FALSE(j.contains("description"));
  EXPECT_EQ(j["outcome"], "timeout");
  EXPECT_TRUE(j["evidence"].empty());
}

TEST_F(ManifestWriterTest, emulated_bar_on_host_devdax_says_so_for_the_stage_model) {
  const nlohmann::json m = BuildManifest(scenario_, layout_, facts_);
  EXPECT_EQ(m["regions"][1]["kind"], "bar");
  EXPECT_EQ(m["regions"][1]["backing"], "host-devdax");
  layout_.regions[1].backing_is_host_device = false;
  EXPECT_EQ(BuildManifest(scenario_, layout_, facts_)["regions"][1]["backing"], "ivshmem");
  // Another character device maps with remap_pfn_range: a VM_PFNMAP backing.
  scenario_.regions[1].path = "/dev/memattr-wb";
  layout_.regions[1].backing_is_host_device = true;
  EXPECT_EQ(BuildManifest(scenario_, layout_, facts_)["regions"][1]["backing"], "host-pfnmap");
  auto parsed = protocol::ParseManifest(m.dump(), "manifest-1.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_THAT(std::vector<std::string>({parsed->regions[0].backing, parsed->regions[1].backing}),
              ElementsAre("", "host-devdax"));
}

// Issue 20: guest_vfio adds the same BAR as a vfio region the agent parses, and names the
// device for the guest init to bind.
TEST_F(ManifestWriterTest, guest_vfio_bar_is_a_second_region_of_kind_vfio) {
  scenario_.regions[1].guest_vfio = true;
  layout_.regions[1].backing_is_host_device = false;
  const nlohmann::json m = BuildManifest(scenario_, layout_, facts_);
  ASSERT_EQ(m["regions"].size(), 3u);
  EXPECT_EQ(m["regions"][2]["name"], "bar0-vfio");
  EXPECT_EQ(m["regions"][2]["kind"], "vfio");
  EXPECT_EQ(m["regions"][2]["pci"]["bdf"], "0000:00:08.0");
  EXPECT_EQ(m["regions"][2]["backing"], "ivshmem");
  auto parsed = protocol::ParseManifest(m.dump(), "manifest-1.json");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->regions[2].kind, protocol::ManifestRegionKind::kVfio);
  EXPECT_EQ(parsed->regions[2].bar, 2);
  EXPECT_EQ(GuestVfioKernelParameter(layout_), " memattr_init.vfio=0000:00:08.0");
  scenario_.regions[1].guest_vfio = false;
  EXPECT_EQ(GuestVfioKernelParameter(layout_), "");
}

// Issue 16 class 4: whatever the scenario check accepts, the agent accepts too (its manifest
// reader and its kernel/probe/attribute catalogues), so nothing that passes --dry-run can fail
// only inside the guest. Each text is at the edge of what the parser allows.
TEST_F(ManifestWriterTest, every_scenario_the_parser_accepts_is_a_manifest_the_agent_plans) {
  const char* kAccepted[] = {
      "name: a\nregions: [{kind: ram}]\n",
      "name: a\nregions: [{kind: ram, name: r.1-x_y}]\nattributes: [normal-wb, device-ngnrne]\n"
      "kernels: [stream_read_simd, exclusive_pair_increment]\nprobes: [dc_zva, lse_atomics]\n"
      "threads: [1, 256]\nworking_set: 4KiB\nmin_time: 1ms\nrepetitions: 100\n"
      "time_budget: 168h\nlabels: {dut: 'x y (z)', _a: ''}\nhost_kernel: 6.12.0-28\n",
      "name: b\nregions:\n  - {kind: dax, size: 1TiB}\n  - {kind: cxl, size: 1MiB}\n"
      "  - {kind: emulated-bar, size: 4KiB}\nworking_set: 1TiB\n",
  };
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "manifest_agrees";
  std::filesystem::create_directories(dir);
  for (const char* text : kAccepted) {
    const Result<Scenario> s = ParseScenarioText(text, "/s/a.yaml");
    ASSERT_TRUE(s.ok()) << s.error().message;
    const Result<GuestLayout> layout = PlanGuestLayout(*s, "/results");
    ASSERT_TRUE(layout.ok()) << layout.error().message;
    const std::filesystem::path file = dir / "manifest.json";
    std::ofstream(file) << BuildManifest(*s, *layout, facts_).dump();
    const Result<agent::AgentPlan> plan = agent::PrepareAgentPlan({.manifest = file});
    EXPECT_TRUE(plan.ok()) << text << "\n" << plan.error().message;
  }
}

}  // namespace
}  // namespace memattr::host
