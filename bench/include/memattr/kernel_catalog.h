// The kernel catalogue (kernels/kernel_catalog.cc): KernelInfo, the data that describes one
// hand-written kernel (STYLE R2). The harness derives bytes and rates from it;
// kernel_instructions_test checks `instructions` with objdump.
//   const KernelInfo* k = FindKernel("stream_triad_simd");
//   bytes = k->BytesPerElement() * elements;
#pragma once

#include <string>
#include <vector>

#include "memattr/protocol/kernel_families.h"

namespace memattr {

using protocol::KernelFamily;  // its name prefix is the protocol's (KernelFamilyOf)
using protocol::ToString;
enum class Arch { kAarch64, kX86_64 };

// The arch this binary was built for.
Arch ThisArch();
const char* ToString(Arch arch);

struct KernelInfo {
  std::string name;         // stable, used in benchmark names: "stream_copy_simd"
  std::string symbol;       // extern "C" entry point, one .S per arch
  std::string description;  // one line: what it does, how bytes are counted
  KernelFamily family = KernelFamily::kStreaming;
  unsigned streams = 0;                   // arrays touched
  unsigned element_bytes = 8;             // size of one element
  unsigned bytes_loaded_per_element = 0;  // bytes counted = loaded + stored; no write-allocate
  unsigned bytes_stored_per_element = 0;
  unsigned elements_per_loop = 1;  // unroll width: element counts must be multiples
  bool non_temporal_stores = false;
  // Mnemonics objdump must find in `symbol`, per arch. Empty for an arch = not built there
  // (e.g. exclusives on x86_64), with `not_applicable_reason` saying why.
  std::vector<std::string> aarch64_instructions;
  std::vector<std::string> x86_64_instructions;
  std::string not_applicable_reason;
  // x86_64 only: an AVX-512 (zmm) variant of `symbol`, chosen at run time when cpuid reports
  // AVX512F (the benchmark label then says isa=avx512); empty when there is none. objdump
  // checks it for avx512_instructions as it checks `symbol`.
  std::string avx512_symbol;
  std::vector<std::string> avx512_instructions;

  unsigned BytesPerElement() const { return bytes_loaded_per_element + bytes_stored_per_element; }
  const std::vector<std::string>& InstructionsFor(Arch arch) const {
    return arch == Arch::kAarch64 ? aarch64_instructions : x86_64_instructions;
  }
  bool AvailableOn(Arch arch) const { return !InstructionsFor(arch).empty(); }
};

// Every kernel of every family, in catalogue order (kernel_catalog.cc).
const std::vector<KernelInfo>& AllKernels();
// nullptr when unknown.
const KernelInfo* FindKernel(const std::string& name);

}  // namespace memattr
