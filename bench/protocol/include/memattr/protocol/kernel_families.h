// The benchmark kernel families, and the naming rule that makes a kernel's family readable
// from its name alone: readers of results (memattr-host report) learn a kernel's family
// without linking the kernels. kernel_catalog_test holds every catalogued kernel to the rule.
//   KernelFamilyOf("stream_triad_simd") == KernelFamily::kStreaming
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "memattr/protocol/vocabulary.h"

namespace memattr::protocol {

enum class KernelFamily { kStreaming, kLatency, kAtomic, kExclusive };

template <>
struct WordList<KernelFamily> {
  static constexpr std::string_view kName = "kernel_families";
  static constexpr std::array<Word<KernelFamily>, 4> kWords = {
      {{KernelFamily::kStreaming, "streaming"},
       {KernelFamily::kLatency, "latency"},
       {KernelFamily::kAtomic, "atomic"},
       {KernelFamily::kExclusive, "exclusive"}}};
};

// Every kernel name starts with its family's prefix.
inline constexpr std::array<Word<KernelFamily>, 4> kKernelNamePrefixes = {
    {{KernelFamily::kStreaming, "stream_"},
     {KernelFamily::kLatency, "latency_"},
     {KernelFamily::kAtomic, "atomic_"},
     {KernelFamily::kExclusive, "exclusive_"}}};

// nullopt for a name that starts with no family's prefix.
constexpr std::optional<KernelFamily> KernelFamilyOf(std::string_view kernel_name) {
  for (const Word<KernelFamily>& prefix : kKernelNamePrefixes) {
    if (kernel_name.starts_with(prefix.text)) return prefix.value;
  }
  return std::nullopt;
}

}  // namespace memattr::protocol
