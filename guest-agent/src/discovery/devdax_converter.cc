#include "discovery/devdax_converter.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

namespace memattr::agent {
namespace {

std::string ReadAll(int fd) {
  std::string out;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

[[noreturn]] void ExecChild(const std::vector<std::string>& argv, int out_fd) {
  ::dup2(out_fd, STDOUT_FILENO);
  ::dup2(out_fd, STDERR_FILENO);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  const std::string msg = argv[0] + ": exec failed: " + std::strerror(errno) + "\n";
  (void)!::write(STDERR_FILENO, msg.data(), msg.size());
  ::_exit(127);
}

}  // namespace

Result<CommandResult> RunCommand(const std::vector<std::string>& argv) {
  if (argv.empty()) return Error{"RunCommand: empty argv"};
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return ErrnoError(argv[0], "pipe2");
  const pid_t pid = ::fork();
  if (pid < 0) return ErrnoError(argv[0], "fork");
  if (pid == 0) ExecChild(argv, pipe_fds[1]);
  ::close(pipe_fds[1]);
  CommandResult result;
  result.output = ReadAll(pipe_fds[0]);
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return ErrnoError(argv[0], "waitpid");
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::vector<std::string> DevdaxConversionArgv(const std::string& namespace_name) {
  return {"ndctl", "create-namespace", "-f", "-e", namespace_name, "-m", "devdax", "-a", "2M"};
}

Status ConvertToDevdax(const std::string& namespace_name, const CommandRunner& run) {
  auto result = run(DevdaxConversionArgv(namespace_name));
  if (!result) return Error{namespace_name + ": ndctl: " + result.error().message};
  if (result->exit_code != 0)
    return Error{namespace_name + ": ndctl create-namespace exited " +
                 std::to_string(result->exit_code) + ": " + result->output};
  return OkStatus();
}

}  // namespace memattr::agent
