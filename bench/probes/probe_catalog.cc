// The probe catalogue: every correctness probe as data (name, description, arches) plus its
// function. `memattr-bench --probes` and the agent walk this list.
#include "atomic_probes.h"
#include "dc_zva_probe.h"
#include "glibc_memcpy_probe.h"
#include "glibc_memset_probe.h"
#include "memattr/probes.h"
#include "unaligned_load_probe.h"
#include "unaligned_store_probe.h"

namespace memattr {
namespace {

using ProbeFunction = Outcome (*)(std::span<std::byte>, const ProbeOptions&);

ProbeInfo Everywhere(std::string name, std::string description, ProbeFunction run) {
  return ProbeInfo{std::move(name), std::move(description), true, "", run};
}

ProbeInfo Arm64Only(std::string name, std::string description, std::string why_not_x86,
                    ProbeFunction run) {
  return ProbeInfo{std::move(name), std::move(description), false, std::move(why_not_x86), run};
}

}  // namespace

const std::vector<ProbeInfo>& AllProbes() {
  static const std::vector<ProbeInfo> kProbes = {
      Everywhere("unaligned_load_8",
                 "8-byte load at offset 1 (ldr x / mov), checked against a written pattern",
                 ProbeUnalignedLoad8),
      Everywhere("unaligned_store_8",
                 "8-byte store at offset 1 (str x / mov), window read back word by word",
                 ProbeUnalignedStore8),
      Everywhere("unaligned_load_16",
                 "16-byte load at offset 1 (ldr q / movdqu), checked against a pattern",
                 ProbeUnalignedLoad16),
      Everywhere("unaligned_store_16",
                 "16-byte store at offset 1 (str q / movdqu), window read back word by word",
                 ProbeUnalignedStore16),
      Arm64Only("dc_zva", "DC ZVA zeroes exactly one DCZID_EL0 block",
                "DC ZVA is an arm64 instruction", ProbeDcZva),
      Everywhere("glibc_memset", "glibc memset 0xa5 then 0 over up to 256 KiB, checked",
                 ProbeGlibcMemset),
      Everywhere("glibc_memcpy", "glibc memcpy of a pattern within up to 256 KiB, checked",
                 ProbeGlibcMemcpy),
      Arm64Only("exclusive_loop",
                "N threads x M ldxr/stxr increments of one counter, bounded retries, == N*M",
                "x86_64 has no load/store-exclusive", ProbeExclusiveLoop),
      Everywhere("lse_atomics",
                 "ldadd, stadd, cas, swp (x86_64: lock xadd/add/cmpxchg, xchg) on one word, "
                 "results and returned values checked",
                 ProbeLseAtomics),
      Everywhere("atomicity_contended",
                 "N threads x M atomic fetch-adds on one counter, started together, == N*M",
                 ProbeAtomicityUnderContention),
  };
  return kProbes;
}

const ProbeInfo* FindProbe(const std::string& name) {
  for (const ProbeInfo& probe : AllProbes())
    if (probe.name == name) return &probe;
  return nullptr;
}

}  // namespace memattr
