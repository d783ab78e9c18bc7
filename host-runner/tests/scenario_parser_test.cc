#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "scenario/scenario.h"

namespace memattr::host {
namespace {

using ::testing::HasSubstr;

struct BadCase {
  const char* text;
  const char* message;  // the whole error, "bad.yaml:LINE: FIELD: PROBLEM"
};

const BadCase kBadCases[] = {
    {"name: x\nregions: [{kind: ram}]\nsmpp: 2\n",
     "bad.yaml:3: smpp: unknown key 'smpp' (known: name, description, image, accel, smp, memory, "
     "host_kernel, regions, attributes, kernels, probes, threads, working_set, chase_stride, "
     "min_time, "
     "repetitions, time_budget, boot_timeout, step_timeout, max_restarts, labels, qemu_extra, "
     "firmware, nested, test_hooks)"},
    {"regions: [{kind: ram}]\n", "bad.yaml:1: name: missing (every scenario has a name)"},
    {"name: x\n", "bad.yaml:1: regions: missing (list the regions to measure)"},
    {"name: x\nregions: []\n", "bad.yaml:2: regions: must be a non-empty list"},
    {"name: x\nregions:\n  - {kind: dram}\n",
     "bad.yaml:3: regions[0].kind: unknown kind 'dram' (known: ram, dax, cxl, emulated-bar, vfio)"},
    {"name: x\nregions:\n  - {size: 1GiB}\n",
     "bad.yaml:3: regions[0].kind: missing (ram, dax, cxl, emulated-bar, vfio)"},
    {"name: x\nregions:\n  - kind: dax\n",
     "bad.yaml:3: regions[0].size: missing (required for this kind)"},
    {"name: x\nregions:\n  - {kind: dax, size: 10MiB}\n",
     "bad.yaml:3: regions[0].size: must be a multiple of 16MiB for an nvdimm"},
    {"name: x\nregions:\n  - {kind: emulated-bar, size: 24MiB}\n",
     "bad.yaml:3: regions[0].size: must be a power of two for an ivshmem BAR"},
    {"name: x\nregions:\n  - {kind: cxl, size: lots}\n",
     "bad.yaml:3: regions[0].size: 'lots' is not a size (e.g. 64MiB, 1GiB, 4096)"},
    {"name: x\nregions:\n  - {kind: vfio}\n",
     "bad.yaml:3: regions[0].bdf: missing (host PCI address, e.g. 0000:01:00.0)"},
    {"name: x\nregions:\n  - {kind: vfio, bdf: '0000:01:00.0', bar: 7}\n",
     "bad.yaml:3: regions[0].bar: 7 is out of range 0..5"},
    {"name: x\nregions:\n  - {kind: ram, host_node: 1}\n",
     "bad.yaml:3: regions[0].host_node: only for kind cxl"},
    {"name: x\nregions:\n  - {kind: cxl, size: 64MiB, host_node: 0, path: /dev/dax1.0}\n",
     "bad.yaml:3: regions[0].host_node: give host_node or path, not both"},
    {"name: x\nregions:\n  - {kind: ram, colour: red}\n",
     "bad.yaml:3: regions[0].colour: unknown key 'colour' (known: name, kind, size, path, "
     "host_node, bdf, bar, device_model, guest_vfio)"},
    {"name: x\nregions:\n  - {kind: dax, size: 64MiB, guest_vfio: true}\n",
     "bad.yaml:3: regions[0].guest_vfio: only for kinds emulated-bar and vfio"},
    {"name: x\nregions:\n  - {kind: emulated-bar, size: 16MiB, guest_vfio: yes}\n",
     "bad.yaml:3: regions[0].guest_vfio: 'yes' is not true or false"},
    {"name: x\nregions:\n  - {kind: ram}\n  - {kind: ram, name: ram0}\n",
     "bad.yaml:4: regions[1].name: duplicate region name 'ram0'"},
    {"name: x\nregions: [{kind: ram}]\naccel: hvf\n",
     "bad.yaml:3: accel: 'hvf' is not auto, kvm or tcg"},
    {"name: x\nregions: [{kind: ram}]\nsmp: two\n", "bad.yaml:3: smp: 'two' is not an integer"},
    {"name: x\nregions: [{kind: ram}]\nsmp: 0\n", "bad.yaml:3: smp: 0 is out of range 1..64"},
    {"name: x\nregions: [{kind: ram}]\nthreads: 2\n",
     "bad.yaml:3: threads: must be a list of thread counts"},
    {"name: x\nregions: [{kind: ram}]\nmin_time: -1s\n",
     "bad.yaml:3: min_time: '-1s' is not a positive duration (e.g. 900s, 15m)"},
    {"name: x\nregions: [{kind: ram}]\nchase_stride: 100\n",
     "bad.yaml:3: chase_stride: 100 bytes: must be a multiple of 8, at most 1MiB"},
    {"name: x\nregions: [{kind: ram}]\nlabels: [a]\n",
     "bad.yaml:3: labels: must be a mapping of strings"},
    {"name: x\nregions: [{kind: ram}]\ntest_hooks: {kill: 1}\n",
     "bad.yaml:3: test_hooks.kill: unknown key 'kill' (known: kill_guest_after_events)"},
    {"name: x\nregions: [{kind: ram}\n", "bad.yaml:3: (yaml): end of sequence flow not found"},
    {"- a\n- b\n", "bad.yaml:1: (document): must be a mapping of scenario keys"},
    {"name: x\nregions: [{kind: ram, path: /dev/dax0.0}]\n",
     "bad.yaml:2: regions[0].path: only for kinds dax, cxl and emulated-bar"},
    {"name: x\nregions: [{kind: ram}]\nfirmware: bios\n",
     "bad.yaml:3: firmware: 'bios' is not uefi or none"},
    {"name: x\nregions: [{kind: ram}]\nnested: {cpu: max}\n",
     "bad.yaml:3: nested.host_kernels: missing (e.g. [\"6.12\", \"7\"])"},
    {"name: x\nregions: [{kind: ram}]\nnested: {host_kernels: []}\n",
     "bad.yaml:3: nested.host_kernels: must name at least one kernel series"},
    {"name: x\nregions: [{kind: ram}]\nnested: {host_kernels: [\"7\"], dax: 100MiB}\n",
     "bad.yaml:3: nested.dax: must be a multiple of 16MiB for an nvdimm"},
    {"name: x\nregions: [{kind: ram}]\nnested: {host_kernels: [\"7\"], gpu: on}\n",
     "bad.yaml:3: nested.gpu: unknown key 'gpu' (known: host_kernels, host_images, cpu, smp, "
     "memory, dax, "
     "pfnmap, vfio_bar, boot_timeout)"},
    {"name: x\nregions: [{kind: ram}]\nnested: {host_kernels: [\"7\"], pfnmap: 48MiB}\n",
     "bad.yaml:3: nested.pfnmap: must be a power of two of at least 2MiB for an ivshmem BAR"},
};

TEST(ScenarioParserTest, nested_block_gives_the_l1_host) {
  const Result<Scenario> s = ParseScenarioText(
      "name: n\nfirmware: none\nregions: [{kind: emulated-bar, size: 64MiB, path: /dev/dax0.0}]\n"
      "nested: {host_kernels: [\"6.12\", \"7\"], cpu: neoverse-n1, memory: 3GiB, dax: 256MiB, "
      "pfnmap: 64MiB, vfio_bar: 16MiB}\n",
      "/s/n.yaml");
  ASSERT_TRUE(s.ok()) << s.error().message;
  ASSERT_TRUE(s->nested.has_value());
  EXPECT_EQ(s->nested->host_kernels, (std::vector<std::string>{"6.12", "7"}));
  EXPECT_EQ(s->nested->cpu, "neoverse-n1");
  EXPECT_EQ(s->nested->memory_bytes, 3ull << 30);
  EXPECT_EQ(s->nested->dax_bytes, 256ull << 20);
  EXPECT_EQ(s->nested->pfnmap_bytes, 64ull << 20);
  EXPECT_EQ(s->nested->vfio_bar_bytes, 16ull << 20);
  EXPECT_FALSE(s->uefi);
  EXPECT_EQ(s->regions[0].path, "/dev/dax0.0");
}

TEST(ScenarioParserTest, every_bad_file_gets_its_message) {
  for (const BadCase& c : kBadCases) {
    const Result<Scenario> s = ParseScenarioText(c.text, "bad.yaml");
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_EQ(s.error().message, c.message) << c.text;
  }
}

TEST(ScenarioParserTest, parses_typed_fields_and_defaults) {
  const Result<Scenario> s = ParseScenarioText(
      "name: t\naccel: tcg\nmemory: 512MiB\nmin_time: 0.05s\ntime_budget: 15m\n"
      "regions:\n  - {kind: dax, size: 64MiB}\n  - {kind: cxl, host_node: 1, size: 1G}\n"
      "  - {kind: emulated-bar, size: 16M, path: bar.img, guest_vfio: true}\n"
      "threads: [1, 2]\nlabels: {dut: x}\nqemu_extra: [-overcommit, mem-lock=on]\n"
      "chase_stride: 64\n",
      "/some/dir/t.yaml");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->accel, AccelChoice::kTcg);
  EXPECT_EQ(s->memory_bytes, 512ull << 20);
  EXPECT_DOUBLE_EQ(s->min_time_seconds, 0.05);
  EXPECT_EQ(s->time_budget_seconds, 900);
  ASSERT_EQ(s->regions.size(), 3u);
  EXPECT_EQ(s->regions[0].name, "dax0");
  EXPECT_EQ(s->regions[1].name, "cxl0");
  EXPECT_EQ(s->regions[1].host_node, 1);
  EXPECT_EQ(s->regions[1].size_bytes, 1ull << 30);
  EXPECT_EQ(s->regions[2].name, "bar0");
  EXPECT_EQ(s->regions[2].path, "/some/dir/bar.img");
  EXPECT_TRUE(s->regions[2].guest_vfio);
  EXPECT_FALSE(s->regions[0].guest_vfio);
  EXPECT_EQ(s->threads, (std::vector<int>{1, 2}));
  EXPECT_EQ(s->labels.at("dut"), "x");
  EXPECT_EQ(s->qemu_extra.size(), 2u);
  EXPECT_EQ(s->smp, 2);
  EXPECT_EQ(s->repetitions, 3);
  EXPECT_EQ(s->chase_stride_bytes, 64u);
}

TEST(ScenarioParserTest, missing_file_names_path_and_errno) {
  const Result<Scenario> s = ParseScenarioFile("/nonexistent/x.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error().message, HasSubstr("/nonexistent/x.yaml: open scenario"));
  EXPECT_THAT(s.error().message, HasSubstr("errno 2"));
}

}  // namespace
}  // namespace memattr::host
