// RunIsolated: runs a probe body in a forked child so that a signal or a hang becomes an
// Outcome. The child reports one record over a pipe, either from the body's return or from
// its fatal-signal handler; the parent waits with a deadline and always reaps the child.
#include "memattr/fault_isolation.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

namespace memattr {
namespace {

// Fixed-size head of the record; `reason_bytes` bytes of reason text follow it.
struct WireRecord {
  std::int32_t kind;
  std::int32_t signal;
  std::int32_t si_code;
  std::uint32_t reason_bytes;
  std::uint64_t address;
  std::uint64_t expected;
  std::uint64_t got;
};

int g_report_fd = -1;  // the child's write end, for the signal handler

void WriteAll(int fd, const void* data, std::size_t bytes) {  // async-signal-safe
  const char* p = static_cast<const char*>(data);
  while (bytes > 0) {
    const ssize_t n = ::write(fd, p, bytes);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    p += n;
    bytes -= static_cast<std::size_t>(n);
  }
}

void OnFatalSignal(int sig, siginfo_t* info, void*) {
  const WireRecord record{.kind = static_cast<std::int32_t>(OutcomeKind::kFault),
                          .signal = sig,
                          .si_code = info->si_code,
                          .reason_bytes = 0,
                          .address = reinterpret_cast<std::uintptr_t>(info->si_addr),
                          .expected = 0,
                          .got = 0};
  WriteAll(g_report_fd, &record, sizeof record);
  ::_exit(0);
}

void InstallFaultHandlers() {
  constexpr std::size_t kStackBytes = 64 * 1024;
  void* stack =
      ::mmap(nullptr, kStackBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (stack != MAP_FAILED) {
    stack_t ss{.ss_sp = stack, .ss_flags = 0, .ss_size = kStackBytes};
    ::sigaltstack(&ss, nullptr);
  }
  struct sigaction action {};
  action.sa_sigaction = OnFatalSignal;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  for (int sig : {SIGBUS, SIGSEGV, SIGILL}) ::sigaction(sig, &action, nullptr);
}

[[noreturn]] void RunChild(int report_fd, const std::function<Outcome()>& body) {
  g_report_fd = report_fd;
  InstallFaultHandlers();
  const Outcome outcome = body();
  const WireRecord record{.kind = static_cast<std::int32_t>(outcome.kind),
                          .signal = outcome.signal,
                          .si_code = outcome.si_code,
                          .reason_bytes = static_cast<std::uint32_t>(outcome.reason.size()),
                          .address = outcome.address,
                          .expected = outcome.expected,
                          .got = outcome.got};
  WriteAll(report_fd, &record, sizeof record);
  WriteAll(report_fd, outcome.reason.data(), outcome.reason.size());
  ::_exit(0);  // no atexit handlers, no flushing of the parent's copied stdio buffers
}

Outcome Decode(const std::string& bytes) {
  WireRecord record{};
  std::memcpy(&record, bytes.data(), sizeof record);
  const auto kind = static_cast<OutcomeKind>(record.kind);
  if (kind == OutcomeKind::kFault)
    return Outcome::Fault(record.signal, record.si_code, record.address);
  Outcome outcome{.kind = kind,
                  .reason = bytes.substr(sizeof record, record.reason_bytes),
                  .signal = record.signal,
                  .si_code = record.si_code,
                  .address = record.address,
                  .expected = record.expected,
                  .got = record.got};
  return outcome;
}

bool Complete(const std::string& bytes) {
  if (bytes.size() < sizeof(WireRecord)) return false;
  WireRecord record{};
  std::memcpy(&record, bytes.data(), sizeof record);
  return bytes.size() >= sizeof record + record.reason_bytes;
}

// Reads whatever is available now; false on EOF or error.
bool Drain(int fd, std::string& bytes) {
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      bytes.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && errno == EAGAIN;
  }
}

std::string DescribeStatus(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status))
    return "killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
           strsignal(WTERMSIG(status)) + ")";
  return "wait status " + std::to_string(status);
}

enum class ChildEnd { kReported, kDiedSilently, kTimedOut };

struct Child {
  pid_t pid;
  bool reaped = false;
  int status = 0;

  bool TryReap() { return reaped = reaped || ::waitpid(pid, &status, WNOHANG) == pid; }
  void Reap() {
    if (!reaped) ::waitpid(pid, &status, 0);
    reaped = true;
  }
};

// Collects the child's record until it is complete, the child is gone, or the deadline passes.
// Polls in short slices and checks the child, because a sibling fork may hold the write end.
ChildEnd Collect(Child& child, int fd, std::chrono::milliseconds timeout, std::string& bytes) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    pollfd pfd{.fd = fd, .events = POLLIN, .revents = 0};
    ::poll(&pfd, 1, 20);
    const bool open = Drain(fd, bytes);
    if (Complete(bytes)) return ChildEnd::kReported;
    if (!open || child.TryReap()) {
      child.Reap();
      Drain(fd, bytes);
      return Complete(bytes) ? ChildEnd::kReported : ChildEnd::kDiedSilently;
    }
    if (std::chrono::steady_clock::now() >= deadline) return ChildEnd::kTimedOut;
  }
}

}  // namespace

Outcome RunIsolated(const std::function<Outcome()>& body, const IsolationOptions& options) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return Outcome::Failed(std::string("pipe2: ") + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int err = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    return Outcome::Failed(std::string("fork: ") + std::strerror(err));
  }
  if (pid == 0) {
    ::close(fds[0]);
    RunChild(fds[1], body);
  }
  ::close(fds[1]);
  ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
  Child child{.pid = pid};
  std::string bytes;
  const ChildEnd end = Collect(child, fds[0], options.timeout, bytes);
  ::close(fds[0]);
  if (end == ChildEnd::kTimedOut) {
    ::kill(child.pid, SIGKILL);
    child.Reap();
    return Outcome::Timeout("no result within " + std::to_string(options.timeout.count()) +
                            " ms; child killed");
  }
  child.Reap();
  if (end == ChildEnd::kDiedSilently)
    return Outcome::Failed("child died without reporting: " + DescribeStatus(child.status));
  return Decode(bytes);
}

}  // namespace memattr
