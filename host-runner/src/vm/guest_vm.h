// One running guest as the boot supervisor sees it, whoever launched it: a QEMU process this
// memattr-host spawned (qemu_process.h) or a libvirt domain (libvirt/libvirt_guest.h). The
// supervisor's timeouts, event delivery and console watching are the same for both.
//   std::unique_ptr<GuestVm> vm = ...;
//   BootResult r = RunGuestBoot(request, *vm, observer);
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "memattr/result.h"
#include "vm/guest_channel.h"

namespace memattr::host {

class GuestVm {
 public:
  using Clock = std::chrono::steady_clock;
  virtual ~GuestVm() = default;
  // Starts the guest; on success it may already be running.
  virtual Status Start() = 0;
  // The QEMU process id when this process can see it, else -1.
  virtual pid_t qemu_pid() const = 0;
  // The VmFlags of QEMU's mappings of `paths` (its /proc/PID/smaps), path -> flags; a single
  // entry "error" says why they could not be read.
  virtual std::map<std::string, std::string> BackingVmFlags(
      const std::vector<std::string>& paths) const = 0;
  // The guest's event port, retried until `deadline` or until `keep_trying()` is false.
  virtual Result<GuestChannel> ConnectEvents(Clock::time_point deadline,
                                             const std::function<bool()>& keep_trying) = 0;
  virtual bool Alive() = 0;
  // Stops the guest now (no grace) and waits until it is gone. Idempotent.
  virtual void Stop() = 0;
  // How it ended, once !Alive(): "exit status 1", "killed by signal 9", "domain crashed".
  virtual std::string HowItEnded() const = 0;
  virtual int wait_status() const = 0;  // waitpid status, -1 where there is none
};

}  // namespace memattr::host
