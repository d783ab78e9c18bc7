#include "vm/qemu_process.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>

#include "host/host_facts.h"
#include "host/subprocess.h"

namespace memattr::host {

// fork+exec rather than posix_spawn: the child needs its own group and PDEATHSIG, so QEMU
// dies with memattr-host even when memattr-host is SIGKILLed.
std::map<std::string, std::string> QemuProcess::BackingVmFlags(
    const std::vector<std::string>& paths) const {
  return ReadBackingVmFlags(pid_, paths);
}

Status QemuProcess::Start() {
  std::vector<char*> argv = ToExecArgv(argv_);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) return ErrnoError(argv_.front(), "fork");
  if (pid > 0) {
    ::setpgid(pid, pid);
    pid_ = pid;
    return OkStatus();
  }
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);
  const int null_fd = ::open("/dev/null", O_RDONLY);
  const int log_fd = ::open(qemu_log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
  if (log_fd >= 0) {
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
  }
  ::execv(argv[0], argv.data());
  ::dprintf(STDERR_FILENO, "memattr-host: exec %s: %s\n", argv[0], std::strerror(errno));
  ::_exit(127);
}

bool QemuProcess::Alive() {
  if (reaped_ || pid_ < 0) return false;
  if (::waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true;
  return !reaped_;
}

void QemuProcess::Stop() {
  if (reaped_ || pid_ < 0) return;
  ::kill(-pid_, SIGKILL);  // our own group only: setpgid(pid, pid) above
  while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
}

std::string QemuProcess::HowItEnded() const {
  return WIFSIGNALED(status_) ? "killed by signal " + std::to_string(WTERMSIG(status_))
                              : "exit status " + std::to_string(WEXITSTATUS(status_));
}

}  // namespace memattr::host
