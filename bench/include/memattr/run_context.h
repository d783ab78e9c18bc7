// The `memattr.*` keys of Google Benchmark's custom context (STYLE R7), defined once here.
// Facts about the whole run go in the context; facts about one benchmark go in its name
// (harness/benchmark_name.h) and label.
//   benchmark::AddCustomContext(context_keys::kArch, ToString(ThisArch()));
#pragma once

namespace memattr {

// Our own results schema version: Debian's benchmark 1.7.1 writes no json_schema_version.
inline constexpr char kResultsSchemaVersion[] = "1";

namespace context_keys {
inline constexpr char kSchema[] = "memattr.schema";  // kResultsSchemaVersion
inline constexpr char kArch[] = "memattr.arch";      // "aarch64" | "x86_64"
inline constexpr char kAccel[] = "memattr.accel";    // tcg | kvm | bare-metal | unknown
inline constexpr char kPerfCounters[] = "memattr.perf_counters";  // "available: …; unavailable: …"
inline constexpr char kPinning[] = "memattr.pinning";     // "cores-first: 0,1" | "unavailable: …"
inline constexpr char kTopology[] = "memattr.topology";   // "packages=1 cores=2 pus=2 numa_nodes=1"
inline constexpr char kLlcBytes[] = "memattr.llc_bytes";  // bytes, or "unknown (assumed N)"
inline constexpr char kWorkingSet[] =
    "memattr.working_set_bytes";                       // streaming default and how chosen
inline constexpr char kThreads[] = "memattr.threads";  // requested thread counts "1,2"
// One key per region: "memattr.region.<name>" = "kind=anon size=… requested=normal-wb how=…".
inline constexpr char kRegionPrefix[] = "memattr.region.";
}  // namespace context_keys

}  // namespace memattr
