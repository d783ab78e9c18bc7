// RunProbe: skips a probe that does not apply to this arch, else runs it fault-isolated.
#include "memattr/fault_isolation.h"
#include "memattr/probes.h"

namespace memattr {

Outcome RunProbe(const ProbeInfo& probe, std::span<std::byte> region, const ProbeOptions& options) {
  if (ThisArch() == Arch::kX86_64 && !probe.available_on_x86_64)
    return Outcome::Skipped(probe.not_applicable_reason);
  if (!probe.run) return Outcome::Failed("probe " + probe.name + " has no run function");
  return RunIsolated([&] { return probe.run(region, options); }, {.timeout = options.timeout});
}

}  // namespace memattr
