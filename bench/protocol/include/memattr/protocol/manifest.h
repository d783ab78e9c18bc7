// The guest manifest (schema memattr.manifest/1, guest-agent/docs/manifest_format.md): what the
// host asks the agent to do. One type set, one writer (ToJson: memattr-host) and one parser
// (ParseManifest: the agent). The parser rejects unknown keys and names the source and field
// path in every error ("manifest.json: regions[2].bar: must be 0..5, got 7"). A default Manifest
// means "no manifest: discover everything".
//   nlohmann::json doc = ToJson(manifest);                   // memattr-host
//   Result<Manifest> m = ParseManifest(text, "fw_cfg");       // memattr-agent
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "memattr/protocol/result_events.h"
#include "memattr/protocol/vocabulary.h"
#include "memattr/result.h"

namespace memattr::protocol {

inline constexpr std::uint64_t kDefaultChaseStrideBytes = 256;  // multichase's default

struct PciSelector {
  std::optional<std::uint16_t> vendor;  // with device
  std::optional<std::uint16_t> device;
  std::string bdf;  // "0000:00:03.0"; alternative to vendor/device
  bool operator==(const PciSelector&) const = default;
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
  bool operator==(const ManifestRegion&) const = default;
};

struct ManifestHostFacts {
  std::string kernel;                        // host kernel release, "" = unknown
  std::string accel;                         // "tcg", "kvm", "" = unknown
  std::optional<bool> cacheable_pfnmap_cap;  // KVM cap 243; nullopt = unknown
  std::optional<bool> fwb;                   // FEAT_S2FWB in use; nullopt = unknown
  bool operator==(const ManifestHostFacts&) const = default;
};

// A cell the host wants skipped (it crashed an earlier boot of this scenario): a kernel at a
// thread count (threads 0 = every count), a probe, or, with neither, the whole attribute.
struct ManifestSkipCell {
  std::string region;
  MemoryAttribute attribute = MemoryAttribute::kNormalWb;
  std::string kernel;
  int threads = 0;
  std::string probe;
  bool operator==(const ManifestSkipCell&) const = default;
};

// What the host saw a probe do when it took the guest down, for the next boot to use as that
// probe's outcome (the host skips the probe itself through skip_cells).
struct ManifestHostOutcome {
  std::string region;
  MemoryAttribute attribute = MemoryAttribute::kNormalWb;
  std::string probe;
  HostOutcomeKind outcome = HostOutcomeKind::kStage2Fault;
  std::string description;            // the host's words; "" = a default per kind
  std::vector<std::string> evidence;  // e.g. L1's dmesg line, QEMU's error, unchanged
  bool operator==(const ManifestHostOutcome&) const = default;
};

// Evidence an earlier boot of the same run gathered before the guest died (manifest
// earlier_evidence): a probe's outcome, or a kernel's time per iteration. The agent counts it as
// its own, so a restarted run infers from every boot (its cells are in skip_cells).
struct ManifestEarlierEvidence {
  std::string region;
  MemoryAttribute attribute = MemoryAttribute::kNormalWb;
  std::string probe;  // a probe outcome: probe + outcome
  EventOutcome outcome;
  std::string kernel;  // a timing: kernel + threads + ns_per_iteration
  int threads = 1;
  double ns_per_iteration = 0;
  bool operator==(const ManifestEarlierEvidence&) const = default;
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
  std::uint64_t chase_stride_bytes = kDefaultChaseStrideBytes;  // latency_chase node distance
  double min_time_seconds = 0.1;
  int repetitions = 3;
  std::optional<double> time_budget_seconds;
  std::vector<ManifestSkipCell> skip_cells;
  std::vector<ManifestHostOutcome> host_outcomes;
  std::vector<ManifestEarlierEvidence> earlier_evidence;
  bool operator==(const Manifest&) const = default;
};

// The manifest as JSON: optional fields only when set (chase_stride_bytes when not the default),
// unknown host facts as null. `present` and `source` are not part of the document.
nlohmann::json ToJson(const Manifest& manifest);

// Parses `text`; `source` prefixes every error (a file name, "fw_cfg") and is kept in the result.
Result<Manifest> ParseManifest(std::string_view text, const std::string& source);

}  // namespace memattr::protocol
