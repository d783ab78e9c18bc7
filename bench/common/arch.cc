#include "memattr/kernel_catalog.h"

namespace memattr {

Arch ThisArch() {
#if defined(__aarch64__)
  return Arch::kAarch64;
#elif defined(__x86_64__)
  return Arch::kX86_64;
#else
#error "memattr supports aarch64 and x86_64"
#endif
}

const char* ToString(Arch arch) { return arch == Arch::kAarch64 ? "aarch64" : "x86_64"; }

}  // namespace memattr
