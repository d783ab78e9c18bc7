// What `memattr-bench --list` and `--describe KERNEL` print (as likwid-bench -a / -l do):
// the kernel catalogue from KernelInfo data, then the correctness probes.
//   std::cout << KernelTable(AllKernels(), AllProbes(), ThisArch());
#pragma once

#include <string>
#include <vector>

#include "memattr/kernel_catalog.h"
#include "memattr/probes.h"

namespace memattr {

// One row per kernel: name, family, bytes/elem (loaded+stored), NT stores, the instructions
// it must contain on `arch` (or "n/a: reason"); then one row per probe.
std::string KernelTable(const std::vector<KernelInfo>& kernels,
                        const std::vector<ProbeInfo>& probes, Arch arch);
// Every field of one KernelInfo, one per line.
std::string DescribeKernel(const KernelInfo& kernel);

}  // namespace memattr
