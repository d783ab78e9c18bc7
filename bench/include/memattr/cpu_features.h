// What this CPU offers memattr, detected at run time (HWCAPs, DCZID_EL0, cpuid), never from
// the build machine: recorded in the agent's run_start event and used to skip probes/kernels.
//   const CpuFeatures& cpu = GetCpuFeatures();
//   if (!cpu.lse) skip("no LSE atomics (HWCAP_ATOMICS clear)");
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "memattr/kernel_catalog.h"

namespace memattr {

struct CpuFeatures {
  Arch arch = Arch::kX86_64;
  bool lse = false;                    // arm64 HWCAP_ATOMICS (ldadd, cas, swp...)
  bool dc_zva_available = false;       // arm64 and DCZID_EL0.DZP == 0
  std::size_t dc_zva_block_bytes = 0;  // arm64: 4 << DCZID_EL0.BS (even when prohibited)
  std::vector<std::string> hwcaps;     // arm64: AT_HWCAP/AT_HWCAP2 names as /proc/cpuinfo
                                       // prints them; x86_64: cpuid feature names
  // One line for logs: "aarch64 lse=1 dc_zva=64B hwcaps=fp,asimd,..."
  std::string Summary() const;
};

// Detected once per process; safe to call from any thread.
const CpuFeatures& GetCpuFeatures();

}  // namespace memattr
