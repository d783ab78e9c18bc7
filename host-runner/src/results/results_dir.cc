#include "results/results_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iterator>

#include "memattr/protocol/context_keys.h"
#include "results/atomic_file.h"
#include "results/path_under.h"

namespace memattr::host {
namespace {

namespace fs = std::filesystem;

// Takes the run's lock: the directory's own fd, so no lock file is left behind.
Result<int> LockDirectory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(dir.string(), "open results directory");
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return fd;
  const int err = errno;
  ::close(fd);
  if (err == EWOULDBLOCK)
    return Error{dir.string() +
                 ": another memattr-host run is writing to this results directory (it holds "
                 "its lock); wait for it or choose another --results directory"};
  return ErrnoError(dir.string(), "lock results directory", err);
}

// The status an earlier run left in its results.json ("incomplete" until its end was written).
std::string EarlierStatus(const fs::path& dir) {
  std::ifstream in(dir / "results.json");
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_object() && j.contains("context") && j["context"].is_object()) {
    const auto it = j["context"].find(protocol::context_keys::kStatus);
    if (it != j["context"].end() && it->is_string()) return it->get<std::string>();
  }
  return "unknown";
}

Status CheckContents(const fs::path& dir, bool resume) {
  std::error_code ec;
  const bool empty = fs::is_empty(dir, ec);
  if (ec) return Error{dir.string() + ": read results directory: " + ec.message()};
  const bool holds_run = fs::exists(dir / "events.jsonl");
  if (resume && !holds_run)
    return Error{dir.string() + ": --resume: no earlier run here (no events.jsonl)"};
  if (!resume && !empty)
    return Error{dir.string() + ": not empty" +
                 (holds_run ? " (an earlier run, status " + EarlierStatus(dir) + ")" : "") +
                 "; a run never mixes its files with another's: choose a new --results directory" +
                 (holds_run ? ", or give --resume to continue that run" : "")};
  return OkStatus();
}

long CountLines(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return static_cast<long>(
      std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n'));
}

}  // namespace

Result<ResultsDir> ResultsDir::Create(const fs::path& dir, bool resume) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error{dir.string() + ": create results directory: " + ec.message()};
  Result<int> lock = LockDirectory(dir);
  if (!lock) return lock.error();
  if (Status s = CheckContents(dir, resume); !s) {
    ::close(*lock);
    return s.error();
  }
  const fs::path events = dir / "events.jsonl";
  const int fd = ::open(events.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    const Error e = ErrnoError(events.string(), "open");
    ::close(*lock);
    return e;
  }
  ResultsDir out(dir, *lock, fd, resume ? CountLines(events) : 0);
  if (resume) out.earlier_status_ = EarlierStatus(dir);
  return out;
}

ResultsDir::ResultsDir(ResultsDir&& other) noexcept
    : dir_(std::move(other.dir_)),
      lock_fd_(other.lock_fd_),
      fd_(other.fd_),
      event_lines_(other.event_lines_),
      earlier_status_(std::move(other.earlier_status_)),
      relay_fd_(other.relay_fd_),
      relay_name_(std::move(other.relay_name_)) {
  other.lock_fd_ = -1;
  other.fd_ = -1;
  other.relay_fd_ = -1;
}

ResultsDir::~ResultsDir() {
  if (fd_ >= 0) ::close(fd_);
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

Status ResultsDir::AppendEventLine(const std::string& line) {
  const std::string data = line + "\n";
  if (!WriteAll(fd_, data)) return ErrnoError(EventsFile().string(), "append");
  ++event_lines_;
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
  std::string text;
  for (const std::string& a : argv) text += a + "\n";
  return WriteFileAtomically(Numbered("qemu-argv", boot, ".txt"), text);
}

Status ResultsDir::WriteResultsJson(const nlohmann::json& results) const {
  if (Status s = WriteFileAtomically(dir_ / "results.json", results.dump(2) + "\n"); !s) return s;
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
