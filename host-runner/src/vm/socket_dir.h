// A private directory (mode 0700, a fresh name from mkdtemp) for one run's UNIX sockets, removed
// with everything in it when the run ends. A socket is never at a guessable path, so a stale one
// left by a killed run can neither be reused by mistake nor be removed from under another run.
//   Result<SocketDir> dir = SocketDir::Create();
//   std::filesystem::path socket = dir->Socket("events-1");  // DIR/events-1.sock
#pragma once

#include <filesystem>
#include <string>

#include "memattr/result.h"

namespace memattr::host {

class SocketDir {
 public:
  static Result<SocketDir> Create();
  SocketDir(SocketDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  SocketDir& operator=(SocketDir&&) = delete;
  ~SocketDir();
  std::filesystem::path Socket(const std::string& name) const { return path_ / (name + ".sock"); }

 private:
  explicit SocketDir(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

}  // namespace memattr::host
