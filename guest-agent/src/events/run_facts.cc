#include "events/run_facts.h"

#include <sys/utsname.h>

#include "memattr/cpu_features.h"
#include "memattr/kernel_catalog.h"

namespace memattr::agent {
namespace {

std::string KernelRelease() {
  struct utsname u {};
  if (::uname(&u) != 0) return "unknown (uname: " + std::string(std::strerror(errno)) + ")";
  return u.release;
}

}  // namespace

AgentFacts CollectAgentFacts(const FactSources& sources) {
  AgentFacts facts;
  const CpuFeatures& cpu = GetCpuFeatures();
  facts.accel = GuessAccel(ReadPlatformStrings(sources.sysfs_root, sources.proc_root));
  std::error_code ec;
  facts.module_loaded = std::filesystem::exists(sources.module_device, ec);
  facts.json = {{"arch", ToString(ThisArch())},
                {"kernel_release", KernelRelease()},
                {"cpu_features", cpu.hwcaps},
                {"cpu_summary", cpu.Summary()},
                {"lse", cpu.lse},
                {"dc_zva_available", cpu.dc_zva_available},
                {"dczid_block_bytes", cpu.dc_zva_block_bytes},
                {"accel", facts.accel.accel},
                {"accel_evidence", facts.accel.evidence},
                {"module_loaded", facts.module_loaded},
                {"module_device", sources.module_device.string()}};
  return facts;
}

}  // namespace memattr::agent
