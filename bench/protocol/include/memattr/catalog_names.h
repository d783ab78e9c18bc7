// The names of every benchmark kernel and correctness probe, as data only: for tools that check
// a request before it reaches a guest (memattr-host's scenario check) without linking the
// kernels. kernel_catalog_test.cc proves these lists equal AllKernels() and AllProbes().
//   for (std::string_view k : KernelNames()) ...   // "stream_read_scalar", ...
#pragma once

#include <span>
#include <string_view>

namespace memattr {

std::span<const std::string_view> KernelNames();  // in AllKernels() order
std::span<const std::string_view> ProbeNames();   // in AllProbes() order

}  // namespace memattr
