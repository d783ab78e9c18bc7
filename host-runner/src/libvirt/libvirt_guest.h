// The libvirt launcher's guest: a transient domain created paused (so no console line or event
// is written before memattr-host reads them), its console and event channel opened as libvirt
// streams, then resumed. Lifecycle events are logged and say how it ended; Stop destroys it.
// The domain is also AUTODESTROY: it dies with the connection if memattr-host dies.
//   LibvirtGuest vm(conn, xml, console_log, events_log);
//   BootResult r = RunGuestBoot(request, vm, observer);
#pragma once

#include <libvirt/libvirt.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "libvirt/stream_pump.h"
#include "vm/guest_vm.h"

namespace memattr::host {

class LibvirtGuest : public GuestVm {
 public:
  // `uri`: the connection's, for reading QEMU's VmFlags on the libvirt host.
  LibvirtGuest(virConnectPtr conn, std::string uri, std::string xml,
               std::filesystem::path console_log, std::filesystem::path events_log);
  ~LibvirtGuest() override;
  Status Start() override;
  pid_t qemu_pid() const override { return -1; }  // QEMU runs under libvirtd, maybe elsewhere
  // Through the pid file libvirt keeps for the domain (libvirt_qemu_vmflags.h).
  std::map<std::string, std::string> BackingVmFlags(
      const std::vector<std::string>& paths) const override;
  Result<GuestChannel> ConnectEvents(Clock::time_point deadline,
                                     const std::function<bool()>& keep_trying) override;
  bool Alive() override;
  void Stop() override;
  std::string HowItEnded() const override;
  int wait_status() const override { return -1; }

  // Called from libvirt's event loop thread.
  void OnLifecycleEvent(int event, int detail);

 private:
  Status OpenStreams();
  void Log(const std::string& line);

  virConnectPtr conn_;
  std::string uri_;
  std::string xml_;
  std::filesystem::path console_log_, events_log_;
  virDomainPtr domain_ = nullptr;
  int callback_id_ = -1;
  std::optional<StreamPump> console_, events_;
  int events_read_fd_ = -1;
  mutable std::mutex mutex_;  // guards ended_ and how_
  bool ended_ = false;
  std::string how_;
};

}  // namespace memattr::host
