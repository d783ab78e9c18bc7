// KVM-vs-TCG differences in one table (like kvm-unit-tests' vmm_optname), and the choice
// between them from the scenario, the host and the QEMU binary.
//   Result<AccelProfile> a = SelectAccel(AccelChoice::kAuto, {.arch = "x86_64"}, caps);
//   a->cpu == "max,pauth-impdef=on"
#pragma once

#include <string>

#include "memattr/result.h"
#include "scenario/scenario.h"
#include "vm/qemu_capabilities.h"

namespace memattr::host {

// What the argv needs to know about the host (injectable for golden tests).
struct HostPlatform {
  std::string arch;            // uname -m: "x86_64", "aarch64"
  bool kvm_available = false;  // /dev/kvm opens read-write
};

struct AccelProfile {
  std::string name;         // -accel
  std::string cpu;          // -cpu
  bool timings_meaningful;  // TCG timings are emulated; recorded in the results
};

// kvm only on an aarch64 host with /dev/kvm and a QEMU that lists kvm; `auto` falls back to
// tcg. Errors say why the requested accelerator cannot be used.
Result<AccelProfile> SelectAccel(AccelChoice choice, const HostPlatform& host,
                                 const QemuCapabilities& caps);

// The host this process runs on.
HostPlatform DetectHostPlatform();

}  // namespace memattr::host
