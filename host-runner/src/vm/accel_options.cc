#include "vm/accel_options.h"

#include <fcntl.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace memattr::host {
namespace {

// The one table. pauth-impdef=on: QARMA pointer auth is slow to emulate (~3x boot time).
const AccelProfile kKvm{.name = "kvm", .cpu = "host", .timings_meaningful = true};
const AccelProfile kTcg{.name = "tcg", .cpu = "max,pauth-impdef=on", .timings_meaningful = false};

std::optional<std::string> KvmUnusable(const HostPlatform& host, const QemuCapabilities& caps) {
  if (host.arch != "aarch64")
    return "host is " + host.arch + ", KVM runs arm64 guests only on arm64";
  if (!host.kvm_available) return std::string("no usable /dev/kvm on this host");
  if (!caps.HasAccel("kvm")) return caps.binary.string() + " lists no kvm accelerator";
  return std::nullopt;
}

}  // namespace

Result<AccelProfile> SelectAccel(AccelChoice choice, const HostPlatform& host,
                                 const QemuCapabilities& caps) {
  const auto kvm_unusable = KvmUnusable(host, caps);
  if (choice == AccelChoice::kKvm) {
    if (kvm_unusable) return Error{"accel: kvm requested but " + *kvm_unusable};
    return kKvm;
  }
  if (choice == AccelChoice::kAuto && !kvm_unusable) return kKvm;
  if (!caps.HasAccel("tcg")) return Error{"accel: " + caps.binary.string() + " lists no tcg"};
  return kTcg;
}

HostPlatform DetectHostPlatform() {
  HostPlatform host;
  utsname u{};
  if (::uname(&u) == 0) host.arch = u.machine;
  const int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
  host.kvm_available = fd >= 0;
  if (fd >= 0) ::close(fd);
  return host;
}

}  // namespace memattr::host
