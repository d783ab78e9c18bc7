// Runs one guest boot: spawns QEMU in its own process group, connects the event port, hands
// every event line to an observer as it arrives, watches the console, applies the boot and
// step timeouts, and kills the whole group on every exit path (never an orphan QEMU; never a
// process it did not start).
//   BootResult r = RunGuestBoot(request, observer);
//   if (r.end == BootEnd::kStepTimeout) ...   // r.reason: "no event for 120 s"
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "vm/guest_vm.h"

namespace memattr::host {

struct BootRequest {
  std::vector<std::string> argv;  // argv[0] = QEMU binary; never a shell
  std::filesystem::path events_socket;
  std::filesystem::path console_log;
  std::filesystem::path qemu_log;  // QEMU's own stdout/stderr
  int boot_timeout_seconds = 120;  // spawn -> first event
  int step_timeout_seconds = 120;  // between two events
  int exit_grace_seconds = 30;     // after run_end, before QEMU is killed
  int kill_after_events = 0;       // test hook: SIGKILL QEMU after N events (0 = off)
};

class BootObserver {
 public:
  virtual ~BootObserver() = default;
  virtual void OnQemuStarted(const GuestVm& vm) = 0;      // the guest is started; vm lives on
  virtual void OnEventLine(const std::string& line) = 0;  // one guest line, no '\n'
  virtual bool SawRunEnd() const = 0;
  // Non-empty: the boot must stop now, for this reason (the results cannot be written).
  virtual std::string StopReason() const { return ""; }
};

enum class BootEnd {
  kCompleted,     // run_end received, QEMU exited (or was stopped after the grace period)
  kGuestCrashed,  // console showed a kernel crash
  kQemuExited,    // QEMU ended before run_end (guest died, QEMU error, killed)
  kVmStopped,     // QEMU reported that KVM stopped the guest (e.g. a stage-2 fault)
  kKvmRefused,    // KVM refused a memslot of the guest's memory and QEMU gave up
  kBootTimeout,
  kStepTimeout,
  kInterrupted,  // SIGINT/SIGTERM to memattr-host
  kSpawnFailed,
  kWriteFailed,  // the observer could not store what the guest sent (StopReason)
};
const char* ToString(BootEnd end);

struct BootResult {
  BootEnd end = BootEnd::kCompleted;
  std::string reason;    // required unless kCompleted
  int wait_status = -1;  // QEMU's waitpid status
  long events = 0;       // lines received
  double seconds = 0;    // spawn -> end
  double seconds_to_first_event = -1;
};

// The direct launcher: spawns request.argv (a QemuProcess).
BootResult RunGuestBoot(const BootRequest& request, BootObserver& observer);
// Any launcher: `vm` is started, watched and stopped here (request.argv is not used).
BootResult RunGuestBoot(const BootRequest& request, GuestVm& vm, BootObserver& observer);

// SIGINT/SIGTERM set a flag that every running boot checks (then kills its QEMU group).
void InstallInterruptHandlers();
bool Interrupted();
void ResetInterruptedForTesting();

}  // namespace memattr::host
