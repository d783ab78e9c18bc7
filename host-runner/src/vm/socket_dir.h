// A private directory (mode 0700, a fresh name from mkdtemp) for one run's UNIX sockets, removed
// with everything in it when the run ends. A socket is never at a guessable path, so a stale one
// left by a killed run can neither be reused by mistake nor be removed from under another run.
// The run holds an flock on the directory for its whole life and marks it as memattr's only once
// it holds it; Create() first removes every marked directory of this user whose lock is free:
// those of runs that died without removing theirs (memattr-host SIGKILLed).
//   Result<SocketDir> dir = SocketDir::Create();
//   std::filesystem::path socket = dir->Socket("events-1");  // DIR/events-1.sock
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "memattr/result.h"

namespace memattr::host {

class SocketDir {
 public:
  static Result<SocketDir> Create();
  SocketDir(SocketDir&& other) noexcept
      : path_(std::move(other.path_)), lock_fd_(std::exchange(other.lock_fd_, -1)) {
    other.path_.clear();
  }
  SocketDir& operator=(SocketDir&&) = delete;
  ~SocketDir();
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path Socket(const std::string& name) const { return path_ / (name + ".sock"); }

 private:
  SocketDir(std::filesystem::path path, int lock_fd) : path_(std::move(path)), lock_fd_(lock_fd) {}
  std::filesystem::path path_;
  int lock_fd_;  // the directory, flock'ed while the run lives
};

// Removes the socket directories (in `temp_dir`) of runs that are no longer alive: a directory
// with the SocketDir prefix, owned by this user, holding the owner mark, whose flock is free.
// Anything else is left alone. Returns the directories removed.
std::vector<std::filesystem::path> RemoveStaleSocketDirs(const std::filesystem::path& temp_dir);

}  // namespace memattr::host
