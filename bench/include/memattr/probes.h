// Correctness probes: quick, fault-isolated checks of what is safe on a mapping
// (unaligned access, dc zva, exclusives, LSE atomics, atomicity, glibc memset/memcpy).
// Each is data (ProbeInfo) plus a function; RunProbe() runs it under RunIsolated().
//   for (const ProbeInfo& p : AllProbes()) Outcome o = RunProbe(p, region.bytes(), {});
#pragma once

#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "memattr/kernel_catalog.h"
#include "memattr/outcome.h"

namespace memattr {

struct ProbeOptions {
  int threads = 2;                              // atomicity probe: N threads
  std::uint64_t increments_per_thread = 10000;  // atomicity probe: M increments
  std::chrono::milliseconds timeout{10000};
};

struct ProbeInfo {
  std::string name;         // stable: "unaligned_load_8", "dc_zva", "exclusive_loop", ...
  std::string description;  // one line
  // Arches the probe exists on; empty reason = available everywhere.
  bool available_on_x86_64 = true;
  std::string not_applicable_reason;  // e.g. "x86_64 has no load/store-exclusive"
  // Runs in the (forked) child; touches only `region`, initialising what it reads.
  Outcome (*run)(std::span<std::byte> region, const ProbeOptions& options) = nullptr;
};

const std::vector<ProbeInfo>& AllProbes();
const ProbeInfo* FindProbe(const std::string& name);
// Skipped(reason) if not applicable on this arch; otherwise the isolated outcome.
Outcome RunProbe(const ProbeInfo& probe, std::span<std::byte> region, const ProbeOptions& options);

}  // namespace memattr
