// The host end of the guest's event port: a UNIX socket QEMU serves (server=on,wait=off).
// Connected as soon as QEMU has created it, so the guest never writes into an unread port.
//   Result<GuestChannel> ch = GuestChannel::Connect(sock, deadline, [&] { return alive(); });
//   for (const std::string& line : ch->ReadLines()) ...
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "memattr/result.h"

namespace memattr::host {

class GuestChannel {
 public:
  using Clock = std::chrono::steady_clock;
  // Retries every 20 ms until connected, `keep_trying()` is false, or `deadline` passes.
  static Result<GuestChannel> Connect(const std::filesystem::path& socket_path,
                                      Clock::time_point deadline,
                                      const std::function<bool()>& keep_trying);
  // The read end of a pipe (or socket) another component feeds, e.g. a libvirt stream pump.
  static GuestChannel FromFd(int fd);
  GuestChannel(GuestChannel&& other) noexcept;
  GuestChannel& operator=(GuestChannel&&) = delete;
  ~GuestChannel();

  int fd() const { return fd_; }
  bool eof() const { return eof_; }
  // Reads what is available now (non-blocking); returns the complete lines, without '\n'.
  std::vector<std::string> ReadLines();
  // A trailing line without '\n' when the stream ended (a guest that died mid-write).
  std::string TakePartial();

 private:
  explicit GuestChannel(int fd) : fd_(fd) {}
  int fd_ = -1;
  bool eof_ = false;
  std::string pending_;
};

}  // namespace memattr::host
