#include "results/results_dir.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>

#include "results/path_under.h"

namespace memattr::host {

Result<ResultsDir> ResultsDir::Create(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{dir.string() + ": create results directory: " + ec.message()};
  const std::filesystem::path events = dir / "events.jsonl";
  const int fd = ::open(events.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError(events.string(), "open");
  return ResultsDir(dir, fd);
}

ResultsDir::ResultsDir(ResultsDir&& other) noexcept
    : dir_(std::move(other.dir_)),
      fd_(other.fd_),
      relay_fd_(other.relay_fd_),
      relay_name_(std::move(other.relay_name_)) {
  other.fd_ = -1;
  other.relay_fd_ = -1;
}

ResultsDir::~ResultsDir() {
  if (fd_ >= 0) ::close(fd_);
}

namespace {
// write(2) until done; false with errno set on failure.
bool WriteAll(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}
}  // namespace

Status ResultsDir::AppendEventLine(const std::string& line) {
  const std::string data = line + "\n";
  if (!WriteAll(fd_, data)) return ErrnoError(EventsFile().string(), "append");
  return Relay(data);
}

Status ResultsDir::Relay(const std::string& data) const {
  if (relay_fd_ < 0) return OkStatus();
  if (!WriteAll(relay_fd_, data)) return ErrnoError("relay (" + relay_name_ + ")", "write");
  return OkStatus();
}

Status ResultsDir::AppendHostEvent(nlohmann::json event) {
  event["source"] = "host";
  event["time"] = UnixTimeNow();
  return AppendEventLine(event.dump());
}

Status ResultsDir::WriteArgv(int boot, const std::vector<std::string>& argv) const {
  const auto path = Numbered("qemu-argv", boot, ".txt");
  std::ofstream out(path, std::ios::trunc);
  for (const std::string& a : argv) out << a << "\n";
  if (!out) return ErrnoError(path.string(), "write");
  return OkStatus();
}

Status ResultsDir::WriteResultsJson(const nlohmann::json& results) const {
  const auto tmp = dir_ / "results.json.tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << results.dump(2) << "\n";
    if (!out) return ErrnoError(tmp.string(), "write");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, dir_ / "results.json", ec);
  if (ec) return Error{(dir_ / "results.json").string() + ": rename: " + ec.message()};
  return Relay(nlohmann::json{{"event", kRelayResultsEvent}, {"results", results}}.dump() + "\n");
}

Result<std::filesystem::path> DefaultResultsDir(const std::string& scenario_name) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
  return PathUnder("results", scenario_name + "-" + stamp);
}

double UnixTimeNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace memattr::host
