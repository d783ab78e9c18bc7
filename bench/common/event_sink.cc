#include "memattr/event_sink.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>

namespace memattr {
namespace {

void Stamp(nlohmann::json& event, std::uint64_t seq) {
  using std::chrono::duration;
  using std::chrono::system_clock;
  event["schema"] = kEventSchema;
  event["seq"] = seq;
  event["time"] = duration<double>(system_clock::now().time_since_epoch()).count();
}

bool WriteAll(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

bool JsonLinesSink::Emit(nlohmann::json event) {
  std::lock_guard lock(mu_);
  Stamp(event, seq_++);
  // Replace invalid UTF-8 rather than throw: a device name must never kill the stream.
  std::string line = event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  bool ok = WriteAll(fd_, line);
  if (ok) ::fdatasync(fd_);  // EINVAL on pipes/ttys is fine: write() already delivered it
  return ok;
}

bool MemorySink::Emit(nlohmann::json event) {
  std::lock_guard lock(mu_);
  Stamp(event, events_.size());
  events_.push_back(std::move(event));
  return true;
}

}  // namespace memattr
