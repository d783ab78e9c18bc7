// The `memattr.*` keys of a results document's context (Google Benchmark's custom context,
// STYLE R7), defined once here for every writer and reader. Facts about the whole run go in
// the context; facts about one benchmark go in its name (harness/benchmark_name.h) and label.
//   benchmark::AddCustomContext(context_keys::kArch, ToString(ThisArch()));
#pragma once

#include <array>
#include <string_view>

namespace memattr::protocol::context_keys {

// Written by memattr-bench and memattr-host.
inline constexpr char kSchema[] = "memattr.schema";  // schema_ids.h kResultsSchema
inline constexpr char kArch[] = "memattr.arch";      // "aarch64" | "x86_64"
inline constexpr char kAccel[] = "memattr.accel";    // tcg | kvm | bare-metal | unknown
// Written by memattr-bench.
inline constexpr char kPerfCounters[] = "memattr.perf_counters";  // "available: …; unavailable: …"
inline constexpr char kPinning[] = "memattr.pinning";     // "cores-first: 0,1" | "unavailable: …"
inline constexpr char kTopology[] = "memattr.topology";   // "packages=1 cores=2 pus=2 numa_nodes=1"
inline constexpr char kLlcBytes[] = "memattr.llc_bytes";  // bytes, or "unknown (assumed N)"
inline constexpr char kWorkingSet[] =
    "memattr.working_set_bytes";                       // streaming default and how chosen
inline constexpr char kThreads[] = "memattr.threads";  // requested thread counts "1,2"
// One key per region: "memattr.region.<name>" = "kind=anon size=… requested=normal-wb how=…".
inline constexpr char kRegionPrefix[] = "memattr.region.";
// Written by memattr-perf-compare.
inline constexpr char kMemory[] = "memattr.memory";           // what the arrays are
inline constexpr char kArrayBytes[] = "memattr.array_bytes";  // bytes per array
inline constexpr char kThp[] = "memattr.thp";                 // transparent huge pages setting
// Written by memattr-host.
inline constexpr char kScenario[] = "memattr.scenario";
inline constexpr char kStatus[] = "memattr.status";    // ok | failed | interrupted ...
inline constexpr char kTimings[] = "memattr.timings";  // "hardware" | "emulated (TCG)"
inline constexpr char kHostArch[] = "memattr.host_arch";
inline constexpr char kHostKernel[] = "memattr.host_kernel";  // "RELEASE VERSION"
inline constexpr char kHostCpuFeatures[] = "memattr.host_cpu_features";
inline constexpr char kGuestKernel[] = "memattr.guest_kernel";
inline constexpr char kQemuVersion[] = "memattr.qemu_version";
inline constexpr char kQemuArgv[] = "memattr.qemu_argv";  // JSON array of the last boot's argv
inline constexpr char kCacheablePfnmapCap[] = "memattr.cacheable_pfnmap_cap";  // KVM cap 243
inline constexpr char kFwb[] = "memattr.fwb";                                  // FEAT_S2FWB
inline constexpr char kBoots[] = "memattr.boots";
inline constexpr char kDurationSeconds[] = "memattr.duration_seconds";
// `run --host-name`: the host's name in its fleet, the `host` label of its metrics.
inline constexpr char kFleetHost[] = "memattr.fleet_host";
inline constexpr char kBackingVmflags[] = "memattr.backing_vmflags";  // JSON of VmFlags
// "memattr.boot<N>_seconds": how long boot N took.
inline constexpr char kBootPrefix[] = "memattr.boot";
inline constexpr char kBootSecondsSuffix[] = "_seconds";
// "memattr.boot<N>_first_event_seconds": start to the guest's first event.
inline constexpr char kBootFirstEventSecondsSuffix[] = "_first_event_seconds";
// Under libvirt, the launch record: "domain-<N>.xml" in the results directory.
inline constexpr char kLibvirtDomainXml[] = "memattr.libvirt_domain_xml";
// Written by memattr-host when it launches through libvirt.
inline constexpr char kLauncher[] = "memattr.launcher";  // "libvirt"
inline constexpr char kLibvirtUri[] = "memattr.libvirt_uri";
inline constexpr char kLibvirtVersion[] = "memattr.libvirt_version";
inline constexpr char kHostName[] = "memattr.host_name";
inline constexpr char kHostCpuModel[] = "memattr.host_cpu_model";
inline constexpr char kLibvirtTainted[] = "memattr.libvirt_tainted";  // "yes" | "no"
inline constexpr char kLibvirtQemuCommandline[] = "memattr.libvirt_qemu_commandline";
inline constexpr char kLibvirtSubstituted[] = "memattr.libvirt_substituted";
// Written by memattr-host's nested runs (L0 over emulated KVM hosts).
inline constexpr char kNested[] = "memattr.nested";  // "L0 … (TCG) -> L1 … (KVM) -> L2"
inline constexpr char kNestedHostSeries[] = "memattr.nested_host_series";
inline constexpr char kNestedHostCpu[] = "memattr.nested_host_cpu";
inline constexpr char kL0HostKernel[] = "memattr.l0_host_kernel";
inline constexpr char kL1Seconds[] = "memattr.l1_seconds";
inline constexpr char kL1SecondsToFirstEvent[] = "memattr.l1_seconds_to_first_event";

// Every key starts with this (readers pick the run's facts by it).
inline constexpr char kPrefix[] = "memattr.";

// Every whole key above (not the prefixes and suffixes keys are built from), for
// vocabulary.json: Python reads the keys from there and never retypes them.
inline constexpr std::array<std::string_view, 42> kAllKeys = {
    kSchema,
    kArch,
    kAccel,
    kPerfCounters,
    kPinning,
    kTopology,
    kLlcBytes,
    kWorkingSet,
    kThreads,
    kMemory,
    kArrayBytes,
    kThp,
    kScenario,
    kStatus,
    kTimings,
    kHostArch,
    kHostKernel,
    kHostCpuFeatures,
    kGuestKernel,
    kQemuVersion,
    kQemuArgv,
    kCacheablePfnmapCap,
    kFwb,
    kBoots,
    kDurationSeconds,
    kFleetHost,
    kBackingVmflags,
    kLibvirtDomainXml,
    kLauncher,
    kLibvirtUri,
    kLibvirtVersion,
    kHostName,
    kHostCpuModel,
    kLibvirtTainted,
    kLibvirtQemuCommandline,
    kLibvirtSubstituted,
    kNested,
    kNestedHostSeries,
    kNestedHostCpu,
    kL0HostKernel,
    kL1Seconds,
    kL1SecondsToFirstEvent,
};

}  // namespace memattr::protocol::context_keys
