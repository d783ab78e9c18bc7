// The direct launcher's guest: a QEMU process spawned from an argv in its own process group,
// killed with its group on Stop (never a process it did not start), dying with memattr-host
// (PDEATHSIG). Its event port is the UNIX socket QEMU serves.
//   QemuProcess vm(argv, qemu_log, events_socket);
//   BootResult r = RunGuestBoot(request, vm, observer);
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "vm/guest_vm.h"

namespace memattr::host {

class QemuProcess : public GuestVm {
 public:
  QemuProcess(std::vector<std::string> argv, std::filesystem::path qemu_log,
              std::filesystem::path events_socket)
      : argv_(std::move(argv)),
        qemu_log_(std::move(qemu_log)),
        events_socket_(std::move(events_socket)) {}
  ~QemuProcess() override { Stop(); }
  Status Start() override;
  pid_t qemu_pid() const override { return pid_; }
  std::map<std::string, std::string> BackingVmFlags(
      const std::vector<std::string>& paths) const override;
  Result<GuestChannel> ConnectEvents(Clock::time_point deadline,
                                     const std::function<bool()>& keep_trying) override {
    return GuestChannel::Connect(events_socket_, deadline, keep_trying);
  }
  bool Alive() override;
  void Stop() override;
  std::string HowItEnded() const override;
  int wait_status() const override { return status_; }

 private:
  std::vector<std::string> argv_;
  std::filesystem::path qemu_log_;  // QEMU's stdout and stderr
  std::filesystem::path events_socket_;
  pid_t pid_ = -1;
  int status_ = -1;
  bool reaped_ = false;
};

}  // namespace memattr::host
