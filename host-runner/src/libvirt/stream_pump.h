// Copies a libvirt stream (a domain's console or channel) into a file descriptor on its own
// thread, with blocking virStreamRecv: works the same in-process and over libvirt's RPC socket
// (qemu+ssh://). The stream ends when the domain's chardev closes (destroy, shutdown).
//   StreamPump pump(stream, pipe_write_fd);   // takes both
//   ... pump.Join();                          // after the domain is gone
#pragma once

#include <libvirt/libvirt.h>

#include <atomic>
#include <string>
#include <thread>

namespace memattr::host {

class StreamPump {
 public:
  StreamPump(virStreamPtr stream, int sink_fd);  // owns both; closes the sink at stream end
  StreamPump(const StreamPump&) = delete;
  StreamPump& operator=(const StreamPump&) = delete;
  ~StreamPump() { Join(); }
  // Waits for the stream's end. Call once the domain is gone (its end closes the stream).
  void Join();
  bool ended() const { return ended_; }

 private:
  void Run();

  virStreamPtr stream_;
  int sink_fd_;
  std::atomic<bool> ended_{false};
  std::thread thread_;
};

}  // namespace memattr::host
