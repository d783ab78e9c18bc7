// Scenario: one guest configuration, as typed data (host-runner/docs/scenario_format.md).
// Parsed from YAML in exactly one place (scenario_parser.cc); everything else takes the struct.
//   Result<Scenario> s = ParseScenarioFile("host-runner/scenarios/default.yaml");
//   if (!s) std::cerr << s.error().message;   // "default.yaml:12: regions[1].size: ..."
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "memattr/result.h"

namespace memattr::host {

enum class AccelChoice { kAuto, kKvm, kTcg };
std::string_view ToString(AccelChoice accel);  // "auto", "kvm", "tcg"

// How a guest region is backed on the host. Wire names: ram, dax, cxl, emulated-bar, vfio.
enum class BackingKind { kRam, kDax, kCxl, kEmulatedBar, kVfio };
std::string_view ToString(BackingKind kind);

struct RegionConfig {
  std::string name;  // unique; default <kind><index>, e.g. "dax0"
  BackingKind kind = BackingKind::kRam;
  std::uint64_t size_bytes = 0;  // guest-visible size (dax, cxl, emulated-bar)
  std::filesystem::path path;  // dax: host /dev/daxX.Y or a file; cxl: host /dev/daxX.Y; empty = a
                               // sparse file created in the results directory
  int host_node = -1;          // cxl: host NUMA node (memory-backend-ram,host-nodes=N)
  std::string host_bdf;        // vfio: host PCI address "0000:01:00.0"
  int bar = 2;                 // emulated-bar, vfio: BAR the guest measures
  bool cxl_device_model = false;  // cxl: ask for cxl-type3 (needs QEMU >= 10.1 on virt)
  // emulated-bar, vfio: the guest's init binds the device to vfio-pci and the agent measures the
  // BAR through VFIO too, as region "<name>-vfio" (the memory of <name>, mapped by vfio-pci).
  bool guest_vfio = false;
  bool overwrite = false;  // `path` names an existing file the guest may overwrite (told so)
  int line = 0;            // scenario line, for errors found after parsing
};

// Test-only knobs (documented): make the supervisor misbehave on purpose.
struct TestHooks {
  int kill_guest_after_events = 0;  // boot 1: SIGKILL QEMU after N guest events (0 = off)
  int libvirt_version = 0;  // --connect: judge the daemon as if it were this version (0 = off)
};

// A nested run (issue 9): memattr-host boots an emulated arm64 HOST (L1) per host kernel, and
// the arm64 memattr-host inside L1 runs this scenario's guest (L2) with KVM. Regions may then
// name L1's devices (e.g. emulated-bar with path /dev/dax0.0: L1's devdax).
struct NestedHostConfig {
  std::vector<std::string> host_kernels;  // kernel series of L1, one run each: "6.12", "7"
  std::filesystem::path host_images;      // holds host-image-<series>/; default build/
  std::string cpu = "max";                // L1 CPU model; neoverse-n1 lacks FWB
  int smp = 2;
  std::uint64_t memory_bytes = 2048ull << 20;
  std::uint64_t dax_bytes = 0;  // NVDIMM for L1 -> /dev/dax0.0 (N x 16MiB); 0 = none
  // An ivshmem BAR for L1 (power of two) that L1's memattr module publishes Normal-WB as
  // /dev/memattr-wb: a cacheable VM_PFNMAP mapping in L1's QEMU, as nvgrace-gpu makes. 0 = none
  std::uint64_t pfnmap_bytes = 0;
  // An ivshmem BAR for L1 (power of two) that L1 binds to vfio-pci, behind its SMMUv3 (then on):
  // L2 gets it passed through with `kind: vfio, bdf: "0000:00:1f.0"`. 0 = none
  std::uint64_t vfio_bar_bytes = 0;
  int boot_timeout_seconds = 300;  // L1 start -> first relayed event
  int line = 0;
};

struct Scenario {
  std::filesystem::path file;
  std::string name;
  std::string description;
  std::filesystem::path image;  // guest image dir; empty = the default cache
  AccelChoice accel = AccelChoice::kAuto;
  int smp = 2;
  std::uint64_t memory_bytes = 1024ull << 20;
  std::string host_kernel_label;
  std::vector<RegionConfig> regions;
  std::vector<std::string> attributes;  // empty = agent default (all four)
  std::vector<std::string> kernels;     // empty = agent default (all)
  std::vector<std::string> probes;      // empty = agent default (all)
  std::vector<int> threads{1};
  std::uint64_t working_set_bytes = 0;   // 0 = agent default
  std::uint64_t chase_stride_bytes = 0;  // 0 = agent default (256)
  double min_time_seconds = 0.1;
  int repetitions = 3;
  int time_budget_seconds = 600;
  int boot_timeout_seconds = 120;  // QEMU start -> first event
  int step_timeout_seconds = 120;  // no event for this long -> hang
  int max_restarts = 2;
  std::map<std::string, std::string> labels;
  std::vector<std::string> qemu_extra;  // escape hatch, appended verbatim
  bool uefi = true;                     // `firmware: uefi` (-bios) or `none` (DT, -kernel only)
  std::optional<NestedHostConfig> nested;
  TestHooks test_hooks;
};

// Reads and validates a scenario. Errors: "FILE:LINE: FIELD: PROBLEM" (unknown keys name the
// known ones). Relative `path`/`image` values are resolved against the scenario's directory.
Result<Scenario> ParseScenarioFile(const std::filesystem::path& path);
// Same, from text; `file` is used in messages and for relative paths.
Result<Scenario> ParseScenarioText(std::string_view text, const std::filesystem::path& file);

}  // namespace memattr::host
