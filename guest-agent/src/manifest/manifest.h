// Manifest: what the host asked the agent to do (guest-agent/docs/manifest_format.md).
// Produced only by ReadManifest*/ParseManifest (manifest_reader.h); everything else takes this
// struct. A default-constructed Manifest means "no manifest: discover everything".
//   Manifest m = *ParseManifest(text, "fw_cfg");
//   for (const ManifestRegion& r : m.regions) ...
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "memattr/memory_attribute.h"
#include "memattr/outcome.h"
#include "memattr/protocol/schema_ids.h"
#include "memattr/protocol/vocabulary.h"

namespace memattr::agent {

using protocol::kManifestSchema;

// Guest-visible kinds the host can provision: "ram", "file", "dax", "cxl", "bar", "vfio".
using protocol::ManifestRegionKind;

struct PciSelector {
  std::optional<std::uint16_t> vendor;  // with device
  std::optional<std::uint16_t> device;
  std::string bdf;  // "0000:00:03.0"; alternative to vendor/device
};

struct ManifestRegion {
  std::string name;  // unique
  ManifestRegionKind kind = ManifestRegionKind::kRam;
  std::string dax_device;        // kDax: "dax0.0"
  bool make_devdax = false;      // kDax: turn a raw pmem namespace into devdax with ndctl
  std::optional<int> numa_node;  // kCxl
  PciSelector pci;               // kBar, kVfio
  std::optional<int> bar;        // kBar, kVfio: 0..5
  std::optional<std::uint64_t> size_bytes;  // cap on the bytes used
  std::filesystem::path path;               // kFile
  bool overwrite = false;  // kFile: an existing `path` may be overwritten (else it is refused)
  std::string backing;     // host-side description (label; stage-2 model input)
};

struct ManifestHostFacts {
  std::string kernel;                        // host kernel release, "" = unknown
  std::string accel;                         // "tcg", "kvm", "" = unknown
  std::optional<bool> cacheable_pfnmap_cap;  // KVM cap 243; nullopt = unknown
  std::optional<bool> fwb;                   // FEAT_S2FWB in use; nullopt = unknown
};

// A cell the host wants skipped (it crashed an earlier boot of this scenario): a kernel at a
// thread count (threads 0 = every count), a probe, or, with neither, the whole attribute.
struct ManifestSkipCell {
  std::string region;
  MemoryAttribute attribute = MemoryAttribute::kNormalWb;
  std::string kernel;
  int threads = 0;
  std::string probe;
};

// What the host saw a probe do when it took the guest down, for the next boot to use as that
// probe's outcome (the host skips the probe itself through skip_cells):
//   stage2-fault: the host's KVM stopped the VM on the access (a fault at stage 2, no signal in
//                 the guest); timeout: the guest hung in the probe; guest-crashed: anything else.
using protocol::HostOutcomeKind;

struct ManifestHostOutcome {
  std::string region;
  MemoryAttribute attribute = MemoryAttribute::kNormalWb;
  std::string probe;
  HostOutcomeKind outcome = HostOutcomeKind::kStage2Fault;
  std::string description;            // the host's words; "" = a default per kind
  std::vector<std::string> evidence;  // e.g. L1's dmesg line, QEMU's error, unchanged
};

// Evidence an earlier boot of the same run gathered before the guest died (manifest
// earlier_evidence): a probe's outcome, or a kernel's time per iteration. The agent counts it as
// its own, so a restarted run infers from every boot (its cells are in skip_cells).
struct ManifestEarlierEvidence {
  std::string region;
  MemoryAttribute attribute = MemoryAttribute::kNormalWb;
  std::string probe;  // a probe outcome: probe + outcome
  Outcome outcome;
  std::string kernel;  // a timing: kernel + threads + ns_per_iteration
  int threads = 1;
  double ns_per_iteration = 0;
};

struct Manifest {
  bool present = false;  // false: auto-discovery, defaults everywhere
  std::string source;    // where it was read from (for messages)
  std::map<std::string, std::string> labels;
  ManifestHostFacts host;
  std::optional<std::string> virtio_port;
  std::vector<ManifestRegion> regions;
  std::vector<MemoryAttribute> attributes;  // empty = all four
  std::vector<std::string> kernels;         // empty = all
  std::vector<std::string> probes;          // empty = all
  std::vector<int> threads = {1};
  std::optional<std::uint64_t> working_set_bytes;
  std::uint64_t chase_stride_bytes = 256;  // latency_chase node distance (multichase's default)
  double min_time_seconds = 0.1;
  int repetitions = 3;
  std::optional<double> time_budget_seconds;
  std::vector<ManifestSkipCell> skip_cells;
  std::vector<ManifestHostOutcome> host_outcomes;
  std::vector<ManifestEarlierEvidence> earlier_evidence;
};

}  // namespace memattr::agent
