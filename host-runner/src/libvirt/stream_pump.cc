#include "libvirt/stream_pump.h"

#include <unistd.h>

#include <cerrno>

namespace memattr::host {

StreamPump::StreamPump(virStreamPtr stream, int sink_fd)
    : stream_(stream), sink_fd_(sink_fd), thread_([this] { Run(); }) {}

void StreamPump::Run() {
  char buffer[16384];
  int n;
  bool sink_open = true;
  while ((n = virStreamRecv(stream_, buffer, sizeof buffer)) > 0) {
    for (int done = 0; sink_open && done < n;) {  // a closed reader: keep draining, drop data
      const ssize_t w = ::write(sink_fd_, buffer + done, static_cast<std::size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) sink_open = false;
      done += w < 0 ? 0 : static_cast<int>(w);
    }
  }
  if (n == 0)
    virStreamFinish(stream_);
  else
    virStreamAbort(stream_);
  virStreamFree(stream_);
  ::close(sink_fd_);
  ended_ = true;
}

void StreamPump::Join() {
  if (thread_.joinable()) thread_.join();
}

}  // namespace memattr::host
