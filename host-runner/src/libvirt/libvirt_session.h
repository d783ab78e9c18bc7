// The libvirt launcher's connection: `memattr-host run SCENARIO --connect URI` opens one session,
// reads the libvirt host's facts through it and starts each boot's domain with it. Declared
// without libvirt types so that a build without libvirt (MEMATTR_BUILD_LIBVIRT=OFF, e.g. the
// aarch64 cross build) links libvirt_session_disabled.cc instead and says so.
//   Result<std::unique_ptr<LibvirtSession>> s = LibvirtSession::Open("qemu:///system");
//   std::unique_ptr<GuestVm> vm = (*s)->NewGuest(xml, console_log, qemu_log);
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "memattr/result.h"
#include "vm/guest_vm.h"

namespace memattr::host {

// What the libvirt host says about itself (never this machine's view, unless they are the same).
struct LibvirtHostFacts {
  std::string uri;                           // as libvirt reports it (virConnectGetURI)
  bool remote = false;                       // the URI names a host: paths are that host's
  std::string hostname;                      // virConnectGetHostname
  std::string hypervisor_version;            // QEMU's, virConnectGetVersion: "10.0.2"
  std::string libvirt_version;               // the daemon's, virConnectGetLibVersion: "11.3.0"
  unsigned long libvirt_version_number = 0;  // the same, as libvirt encodes it: 11003000
  std::string arch;                          // capabilities <host><cpu><arch>
  std::string cpu_model;                     // virNodeGetInfo
};

class LibvirtSession {
 public:
  virtual ~LibvirtSession() = default;
  // Errors name the URI and say what failed (unreachable, refused auth). Whether the daemon is
  // recent enough for a scenario: CheckLibvirtVersion (libvirt_version.h).
  static Result<std::unique_ptr<LibvirtSession>> Open(const std::string& uri);
  virtual const LibvirtHostFacts& facts() const = 0;
  // A transient domain started paused and destroyed when this session closes (AUTODESTROY): the
  // console stream is appended to `console_log`, lifecycle events to `events_log`.
  virtual std::unique_ptr<GuestVm> NewGuest(std::string xml, std::filesystem::path console_log,
                                            std::filesystem::path events_log) = 0;
};

}  // namespace memattr::host
