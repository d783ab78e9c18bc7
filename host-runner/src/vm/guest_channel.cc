#include "vm/guest_channel.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <thread>

namespace memattr::host {
namespace {

int TryConnect(const std::filesystem::path& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
  ::close(fd);
  return -1;
}

}  // namespace

Result<GuestChannel> GuestChannel::Connect(const std::filesystem::path& socket_path,
                                           Clock::time_point deadline,
                                           const std::function<bool()>& keep_trying) {
  if (socket_path.string().size() >= sizeof(sockaddr_un::sun_path))
    return Error{socket_path.string() + ": socket path too long for AF_UNIX"};
  while (true) {
    const int fd = TryConnect(socket_path);
    if (fd >= 0) return FromFd(fd);
    const int err = errno;
    if (!keep_trying() || Clock::now() >= deadline)
      return ErrnoError(socket_path.string(), "connect to the guest event port", err);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

GuestChannel GuestChannel::FromFd(int fd) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return GuestChannel(fd);
}

GuestChannel::GuestChannel(GuestChannel&& other) noexcept
    : fd_(other.fd_), eof_(other.eof_), pending_(std::move(other.pending_)) {
  other.fd_ = -1;
}

GuestChannel::~GuestChannel() {
  if (fd_ >= 0) ::close(fd_);
}

std::vector<std::string> GuestChannel::ReadLines() {
  char buffer[65536];
  while (!eof_) {
    const ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n > 0) {
      pending_.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0)
      eof_ = true;
    else if (errno == EINTR)
      continue;
    else if (errno != EAGAIN)
      eof_ = true;  // ECONNRESET: QEMU is gone
    break;
  }
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl; (nl = pending_.find('\n', start)) != std::string::npos; start = nl + 1)
    lines.push_back(pending_.substr(start, nl - start));
  pending_.erase(0, start);
  return lines;
}

std::string GuestChannel::TakePartial() { return std::exchange(pending_, {}); }

}  // namespace memattr::host
