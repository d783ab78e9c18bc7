#include "vm/guest_supervisor.h"

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <optional>

#include "vm/console_watch.h"
#include "vm/guest_channel.h"
#include "vm/qemu_process.h"

namespace memattr::host {
namespace {

using Clock = std::chrono::steady_clock;
volatile std::sig_atomic_t g_interrupted = 0;

void OnSignal(int) { g_interrupted = 1; }

// QEMU's last words (its log's last non-empty line), so that an exit says why even where the
// log cannot be read later (a nested L1's QEMU).
std::string LastLine(const std::filesystem::path& log) {
  std::ifstream in(log);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

double SecondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

class Boot {
 public:
  Boot(const BootRequest& req, GuestVm& vm, BootObserver& obs)
      : req_(req),
        vm_(vm),
        obs_(obs),
        console_(req.console_log),
        qemu_output_(req.qemu_log, kKvmStopMarkers) {}
  BootResult Run();

 private:
  bool Alive() { return vm_.Alive(); }
  void Deliver(std::vector<std::string> lines);
  std::optional<BootResult> Check();
  BootResult Finish(BootEnd end, std::string reason);
  BootResult FinishKvmStop(const std::string& qemu_line) {
    const bool refused = qemu_line.find(kMemslotRefusedMarker) != std::string::npos;
    return Finish(refused ? BootEnd::kKvmRefused : BootEnd::kVmStopped, "QEMU: " + qemu_line);
  }
  void DrainAfterExit();

  const BootRequest& req_;
  GuestVm& vm_;
  BootObserver& obs_;
  ConsoleWatch console_;
  ConsoleWatch qemu_output_;
  std::optional<GuestChannel> channel_;
  bool stopped_ = false;
  long events_ = 0;
  Clock::time_point start_ = Clock::now(), last_event_ = start_;
  std::optional<Clock::time_point> run_end_at_;
  double first_event_ = -1;
};

void Boot::Deliver(std::vector<std::string> lines) {
  for (std::string& line : lines) {
    if (line.empty()) continue;
    obs_.OnEventLine(line);
    last_event_ = Clock::now();
    if (events_++ == 0) first_event_ = SecondsSince(start_);
    if (req_.kill_after_events > 0 && events_ == req_.kill_after_events)
      vm_.Stop();  // test hook: a guest killed mid-run
  }
  if (obs_.SawRunEnd() && !run_end_at_) run_end_at_ = Clock::now();
}

void Boot::DrainAfterExit() {
  if (!channel_) return;
  for (int i = 0; i < 100 && !channel_->eof(); ++i) {
    Deliver(channel_->ReadLines());
    if (!channel_->eof()) ::poll(nullptr, 0, 10);
  }
  Deliver(channel_->ReadLines());
  std::string partial = channel_->TakePartial();
  if (!partial.empty()) Deliver({partial});
}

std::optional<BootResult> Boot::Check() {
  if (std::string why = obs_.StopReason(); !why.empty())
    return Finish(BootEnd::kWriteFailed, std::move(why));
  if (!Alive()) {
    DrainAfterExit();
    if (obs_.SawRunEnd()) return Finish(BootEnd::kCompleted, "");
    if (auto panic = console_.Poll()) return Finish(BootEnd::kGuestCrashed, *panic);
    if (auto stop = qemu_output_.Poll()) return FinishKvmStop(*stop);
    const std::string how = vm_.HowItEnded();
    const std::string last = LastLine(req_.qemu_log);
    return Finish(BootEnd::kQemuExited, "QEMU ended before run_end (" + how + "; see " +
                                            req_.qemu_log.filename().string() + ")" +
                                            (last.empty() ? "" : ": " + last));
  }
  if (auto panic = console_.Poll()) return Finish(BootEnd::kGuestCrashed, *panic);
  if (auto stop = qemu_output_.Poll())
    if (!obs_.SawRunEnd()) return FinishKvmStop(*stop);
  if (Interrupted()) return Finish(BootEnd::kInterrupted, "memattr-host interrupted");
  if (run_end_at_ && SecondsSince(*run_end_at_) > req_.exit_grace_seconds)
    return Finish(BootEnd::kCompleted, "");
  if (events_ == 0 && SecondsSince(start_) > req_.boot_timeout_seconds) {
    // Where the boot stopped, as far as the console shows it (a guest that never reached its
    // console, like L2 on a Device-typed NUMA node under a 6.12 host, printed nothing).
    const std::string last = LastLine(req_.console_log);
    return Finish(
        BootEnd::kBootTimeout,
        "no event within the boot timeout of " + std::to_string(req_.boot_timeout_seconds) +
            " s; " + (last.empty() ? "the console printed nothing" : "last console line: " + last));
  }
  if (events_ > 0 && !run_end_at_ && SecondsSince(last_event_) > req_.step_timeout_seconds)
    return Finish(BootEnd::kStepTimeout,
                  "no event for " + std::to_string(req_.step_timeout_seconds) + " s (guest hung)");
  return std::nullopt;
}

BootResult Boot::Finish(BootEnd end, std::string reason) {
  if (!stopped_) {
    const bool was_alive = vm_.Alive();
    vm_.Stop();
    stopped_ = true;
    if (was_alive && end != BootEnd::kCompleted) DrainAfterExit();
  }
  return {end, std::move(reason), vm_.wait_status(), events_, SecondsSince(start_), first_event_};
}

BootResult Boot::Run() {
  if (const Status started = vm_.Start(); !started) {
    stopped_ = true;
    return {BootEnd::kSpawnFailed, started.error().message};
  }
  obs_.OnQemuStarted(vm_);
  const auto deadline = start_ + std::chrono::seconds(req_.boot_timeout_seconds);
  auto channel = vm_.ConnectEvents(deadline, [&] { return Alive() && !Interrupted(); });
  if (!channel) {
    if (auto done = Check()) return *done;
    return Finish(BootEnd::kBootTimeout, channel.error().message);
  }
  channel_.emplace(std::move(*channel));
  while (true) {
    pollfd p{channel_->eof() ? -1 : channel_->fd(), POLLIN, 0};
    ::poll(&p, 1, 100);
    Deliver(channel_->ReadLines());
    if (auto done = Check()) return *done;
  }
}

}  // namespace

const char* ToString(BootEnd end) {
  switch (end) {
    case BootEnd::kCompleted:
      return "completed";
    case BootEnd::kGuestCrashed:
      return "guest-crashed";
    case BootEnd::kQemuExited:
      return "qemu-exited";
    case BootEnd::kVmStopped:
      return "vm-stopped";
    case BootEnd::kKvmRefused:
      return "kvm-refused";
    case BootEnd::kBootTimeout:
      return "boot-timeout";
    case BootEnd::kStepTimeout:
      return "step-timeout";
    case BootEnd::kInterrupted:
      return "interrupted";
    case BootEnd::kWriteFailed:
      return "write-failed";
    case BootEnd::kSpawnFailed:
      break;
  }
  return "spawn-failed";
}

BootResult RunGuestBoot(const BootRequest& request, GuestVm& vm, BootObserver& observer) {
  return Boot(request, vm, observer).Run();
}

BootResult RunGuestBoot(const BootRequest& request, BootObserver& observer) {
  QemuProcess qemu(request.argv, request.qemu_log, request.events_socket);
  return RunGuestBoot(request, qemu, observer);
}

void InstallInterruptHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

bool Interrupted() { return g_interrupted != 0; }
void ResetInterruptedForTesting() { g_interrupted = 0; }

}  // namespace memattr::host
