#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <span>

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
     "bad.yaml:3: regions[0].size: must be at least 16MiB"},
    {"name: x\nregions:\n  - {kind: dax, size: 40MiB}\n",
     "bad.yaml:3: regions[0].size: must be a multiple of 16MiB"},
    {"name: x\nregions:\n  - {kind: emulated-bar, size: 24MiB}\n",
     "bad.yaml:3: regions[0].size: must be a power of two for an ivshmem BAR"},
    {"name: x\nregions:\n  - {kind: cxl, size: lots}\n",
     "bad.yaml:3: regions[0].size: 'lots' is not a size (e.g. 4096, 64KiB, 16M, 1GiB, 0x1000)"},
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
     "host_node, bdf, bar, device_model, guest_vfio, overwrite)"},
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
     "bad.yaml:3: threads: must be a non-empty list of thread counts"},
    {"name: x\nregions: [{kind: ram}]\nmin_time: -1s\n",
     "bad.yaml:3: min_time: '-1s' is not a finite duration greater than 0"},
    {"name: x\nregions: [{kind: ram}]\nchase_stride: 100\n",
     "bad.yaml:3: chase_stride: 100 bytes: must be a multiple of 8, at most 1MiB"},
    {"name: x\nregions: [{kind: ram}]\nlabels: [a]\n",
     "bad.yaml:3: labels: must be a mapping of strings"},
    {"name: x\nregions: [{kind: ram}]\ntest_hooks: {kill: 1}\n",
     "bad.yaml:3: test_hooks.kill: unknown key 'kill' (known: kill_guest_after_events, "
     "libvirt_version)"},
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
     "bad.yaml:3: nested.dax: must be a multiple of 16MiB"},
    {"name: x\nregions: [{kind: ram}]\nnested: {host_kernels: [\"7\"], gpu: on}\n",
     "bad.yaml:3: nested.gpu: unknown key 'gpu' (known: host_kernels, host_images, cpu, smp, "
     "memory, dax, "
     "pfnmap, vfio_bar, boot_timeout)"},
    {"name: x\nregions: [{kind: ram}]\nnested: {host_kernels: [\"7\"], pfnmap: 48MiB}\n",
     "bad.yaml:3: nested.pfnmap: must be a power of two of at least 2MiB for an ivshmem BAR"},
};

// Issue 16: adversarial input, one class per group; each names its file, line and field.
const BadCase kAdversarialCases[] = {
    // 1. names become paths: a documented charset, checked at parse time
    {"name: ../../x\nregions: [{kind: ram}]\n",
     "bad.yaml:1: name: '../../x' is not a valid name (a letter, then up to 63 letters, digits, "
     "'.', '_' or '-')"},
    {"name: /tmp/abs\nregions: [{kind: ram}]\n",
     "bad.yaml:1: name: '/tmp/abs' is not a valid name (a letter, then up to 63 letters, digits, "
     "'.', '_' or '-')"},
    {"name: x\nregions:\n  - {kind: dax, size: 16MiB, name: ../../escape}\n",
     "bad.yaml:3: regions[0].name: '../../escape' is not a valid name (a letter, then up to 63 "
     "letters, digits, '.', '_' or '-')"},
    {"name: x\nregions:\n  - {kind: ram, name: 'my region'}\n",
     "bad.yaml:3: regions[0].name: 'my region' is not a valid name (a letter, then up to 63 "
     "letters, digits, '.', '_' or '-')"},
    {"name: x\nregions:\n  - {kind: ram, name: 'a,b'}\n",
     "bad.yaml:3: regions[0].name: 'a,b' is not a valid name (a letter, then up to 63 letters, "
     "digits, '.', '_' or '-')"},
    {"name: x\nregions: [{kind: ram}]\nnested: {host_kernels: [\"../7\"]}\n",
     "bad.yaml:3: nested.host_kernels[0]: '../7' is not a kernel series (letters, digits, '.', "
     "'_', '-')"},
    // 2. values that would reach QEMU as options or in the wrong unit
    {"name: x\nregions: [{kind: ram}]\nmemory: 1KiB\n",
     "bad.yaml:3: memory: must be at least 128MiB"},
    {"name: x\nregions: [{kind: ram}]\nmemory: 1048577KiB\n",
     "bad.yaml:3: memory: must be a multiple of 1MiB"},
    {"name: x\nregions:\n  - {kind: vfio, bdf: '0000:01:00.0,x-foo=on'}\n",
     "bad.yaml:3: regions[0].bdf: '0000:01:00.0,x-foo=on' is not a PCI address like "
     "\"0000:01:00.0\""},
    {"name: x\nregions: [{kind: ram}]\nnested: {host_kernels: [\"7\"], cpu: 'max,sve=off'}\n",
     "bad.yaml:3: nested.cpu: 'max,sve=off' is not a QEMU CPU model name"},
    {"name: x\nregions:\n  - {kind: emulated-bar, size: 2K}\n",
     "bad.yaml:3: regions[0].size: must be at least 4KiB"},
    {"name: x\nregions:\n  - {kind: cxl, size: 1536K}\n",
     "bad.yaml:3: regions[0].size: must be a multiple of 1MiB"},
    {"name: x\nregions:\n  - {kind: ram, size: 1G}\n",
     "bad.yaml:3: regions[0].size: only for kinds dax, cxl and emulated-bar"},
    // 3. numbers that would overflow, wrap or go non-finite
    {"name: x\nregions:\n  - {kind: cxl, size: 99999999999999999999999}\n",
     "bad.yaml:3: regions[0].size: '99999999999999999999999' is too large (at most 1TiB)"},
    {"name: x\nregions:\n  - {kind: cxl, size: 17179869185G}\n",
     "bad.yaml:3: regions[0].size: '17179869185G' is too large (at most 1TiB)"},
    {"name: x\nregions:\n  - {kind: cxl, size: -1G}\n",
     "bad.yaml:3: regions[0].size: '-1G' is not a size (e.g. 4096, 64KiB, 16M, 1GiB, 0x1000)"},
    {"name: x\nregions: [{kind: ram}]\nstep_timeout: 1e30s\n",
     "bad.yaml:3: step_timeout: '1e30s' is not a duration (e.g. 0.05s, 90s, 15m, 1h)"},
    {"name: x\nregions: [{kind: ram}]\nboot_timeout: nan\n",
     "bad.yaml:3: boot_timeout: 'nan' is not a finite duration greater than 0"},
    {"name: x\nregions: [{kind: ram}]\ntime_budget: infs\n",
     "bad.yaml:3: time_budget: 'infs' is not a finite duration greater than 0"},
    {"name: x\nregions: [{kind: ram}]\nstep_timeout: 100000000000000000000000000000000s\n",
     "bad.yaml:3: step_timeout: '100000000000000000000000000000000s' is too long (at most "
     "604800 s)"},
    {"name: x\nregions: [{kind: ram}]\nsmp: 99999999999999999999999\n",
     "bad.yaml:3: smp: 99999999999999999999999 is out of range 1..64"},
    // 4. what the agent's manifest reader would refuse inside the guest, refused here first
    {"name: x\nregions: [{kind: ram}]\nattributes: [normal-wb, normal-wt]\n",
     "bad.yaml:3: attributes[1]: unknown name 'normal-wt' (known: normal-wb, normal-nc, "
     "device-ngnre, device-ngnrne)"},
    {"name: x\nregions: [{kind: ram}]\nkernels:\n  - stream_read_simd\n  - warp_drive\n",
     "bad.yaml:5: kernels[1]: unknown name 'warp_drive' (known: stream_read_scalar, "
     "stream_read_simd, stream_read_nt, stream_write_scalar, stream_write_simd, stream_write_nt, "
     "stream_copy_scalar, stream_copy_simd, stream_copy_nt, stream_scale_scalar, "
     "stream_scale_simd, stream_scale_nt, stream_add_scalar, stream_add_simd, stream_add_nt, "
     "stream_triad_scalar, stream_triad_simd, stream_triad_nt, stream_zero, latency_chase, "
     "atomic_fetch_add_contended, atomic_fetch_add_padded, atomic_store_add_contended, "
     "atomic_store_add_padded, atomic_cas_contended, atomic_cas_padded, atomic_swap_contended, "
     "atomic_swap_padded, exclusive_increment, exclusive_increment_acqrel, "
     "exclusive_pair_increment)"},
    {"name: x\nregions: [{kind: ram}]\nprobes: [dc_zvaa]\n",
     "bad.yaml:3: probes[0]: unknown name 'dc_zvaa' (known: unaligned_load_8, unaligned_store_8, "
     "unaligned_load_16, unaligned_store_16, dc_zva, glibc_memset, glibc_memcpy, exclusive_loop, "
     "lse_atomics, atomicity_contended)"},
    {"name: x\nregions: [{kind: ram}]\nthreads: []\n",
     "bad.yaml:3: threads: must be a non-empty list of thread counts"},
    {"name: x\nregions: [{kind: ram}]\nkernels: []\n",
     "bad.yaml:3: kernels: must name at least one (leave it out for all)"},
    {"name: x\nregions: [{kind: ram}]\nworking_set: 1K\n",
     "bad.yaml:3: working_set: must be at least 4KiB"},
    // 10. labels reach every metric: Prometheus label names, memattr's own keys reserved
    {"name: x\nregions: [{kind: ram}]\nlabels: {region: a}\n",
     "bad.yaml:3: labels.region: 'region' is not a label name memattr can export: "
     "[a-zA-Z_][a-zA-Z0-9_]*, not \"__...\", not one of memattr's own labels (scenario, region, "
     "kernel, ...)"},
    {"name: x\nregions: [{kind: ram}]\nlabels: {'dut-name': a}\n",
     "bad.yaml:3: labels.dut-name: 'dut-name' is not a label name memattr can export: "
     "[a-zA-Z_][a-zA-Z0-9_]*, not \"__...\", not one of memattr's own labels (scenario, region, "
     "kernel, ...)"},
    {"name: x\nregions: [{kind: ram}]\nlabels: {dut: \"a\\x07b\"}\n",
     "bad.yaml:3: labels.dut: contains a control character"},
    // 11. a region's own file is written only when the scenario says so
    {"name: x\nregions:\n  - {kind: dax, size: 16MiB, overwrite: true}\n",
     "bad.yaml:3: regions[0].overwrite: only with a `path` (memattr's own files need none)"},
};

void ExpectEachRefused(std::span<const BadCase> cases) {
  for (const BadCase& c : cases) {
    const Result<Scenario> s = ParseScenarioText(c.text, "bad.yaml");
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_EQ(s.error().message, c.message) << c.text;
  }
}

TEST(ScenarioParserTest, adversarial_input_is_refused_naming_file_line_and_field) {
  ExpectEachRefused(kAdversarialCases);
}

TEST(ScenarioParserTest, catalogue_names_thread_lists_and_durations_that_are_valid_pass) {
  const Result<Scenario> s = ParseScenarioText(
      "name: ok.name_1\nregions: [{kind: ram, name: r-1}]\nattributes: [device-ngnre]\n"
      "kernels: [latency_chase]\nprobes: [dc_zva]\nstep_timeout: 0.5s\nboot_timeout: 2m\n"
      "labels: {dut: 'ivshmem (x)'}\n",
      "/s/ok.yaml");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->step_timeout_seconds, 1);  // rounded up: never 0 ("no timeout")
  EXPECT_EQ(s->boot_timeout_seconds, 120);
  EXPECT_EQ(s->kernels, std::vector<std::string>{"latency_chase"});
  EXPECT_EQ(s->labels.at("dut"), "ivshmem (x)");
}

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

TEST(ScenarioParserTest, every_bad_file_gets_its_message) { ExpectEachRefused(kBadCases); }

TEST(ScenarioParserTest, parses_typed_fields_and_defaults) {
  const Result<Scenario> s = ParseScenarioText(
      "name: t\naccel: tcg\nmemory: 512MiB\nmin_time: 0.05s\ntime_budget: 15m\n"
      "regions:\n  - {kind: dax, size: 64MiB}\n  - {kind: cxl, host_node: 1, size: 1G}\n"
      "  - {kind: emulated-bar, size: 16M, path: bar.img, guest_vfio: true, overwrite: true}\n"
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
  EXPECT_TRUE(s->regions[2].overwrite);
  EXPECT_EQ(s->threads, (std::vector<int>{1, 2}));
  EXPECT_EQ(s->labels.at("dut"), "x");
  EXPECT_EQ(s->qemu_extra.size(), 2u);
  EXPECT_EQ(s->smp, 2);
  EXPECT_EQ(s->repetitions, 3);
  EXPECT_EQ(s->chase_stride_bytes, 64u);
}

// Found by host-runner/fuzz/scenario_yaml_fuzzer
// (regressions/scenario_yaml_fuzzer/size-out-of-range-stoull.yaml): a size past 2^64 aborted
// memattr-host with an uncaught std::out_of_range; one whose unit overflowed wrapped around.
TEST(ScenarioParserTest, a_size_past_2_to_the_64_is_an_error_not_an_abort) {
  for (const char* size : {"266666666666666666666666666666MiB", "17179869185G"}) {
    const Result<Scenario> s = ParseScenarioText(
        std::string("name: x\nregions:\n  - {name: b, kind: emulated-bar, size: ") + size + "}\n",
        "big.yaml");
    ASSERT_FALSE(s) << size;
    EXPECT_THAT(s.error().message, HasSubstr("big.yaml:3: regions[0].size: '"));
    EXPECT_THAT(s.error().message, HasSubstr("is too large"));
  }
}

TEST(ScenarioParserTest, missing_file_names_path_and_errno) {
  const Result<Scenario> s = ParseScenarioFile("/nonexistent/x.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error().message, HasSubstr("/nonexistent/x.yaml: open scenario"));
  EXPECT_THAT(s.error().message, HasSubstr("errno 2"));
}

}  // namespace
}  // namespace memattr::host
