#include "fleet/fleet_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <deque>
#include <fstream>
#include <map>

#include "host/subprocess.h"
#include "results/atomic_file.h"
#include "run/run_outcome.h"
#include "vm/guest_supervisor.h"

namespace memattr::host {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
constexpr useconds_t kPollMicroseconds = 100'000;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The fleet's lock: DIR's own fd, flock'ed for the fleet run's life.
Result<int> LockFleetDirectory(const fs::path& dir) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) return Error{dir.string() + ": create fleet directory: " + error.message()};
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(dir.string(), "open fleet directory");
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return fd;
  ::close(fd);
  return Error{dir.string() + ": another memattr-host fleet run holds this fleet directory"};
}

// The last non-empty line the pair's run printed: its error, or its summary's last line.
std::string LastLine(const fs::path& log) {
  std::ifstream in(log);
  std::string line, last;
  while (std::getline(in, line))
    if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  return last;
}

// Spawns the pair's run, its stdout and stderr appended to its log. Returns the pid.
Result<pid_t> SpawnPair(const std::vector<std::string>& argv, const fs::path& log) {
  std::error_code error;
  fs::create_directories(log.parent_path(), error);
  if (error) return Error{log.parent_path().string() + ": create: " + error.message()};
  Result<pid_t> pid = SpawnWithLog(argv, log.string());
  if (!pid) return Error{"memattr-host run: " + pid.error().message};
  return pid;
}

int ExitCodeOf(int status, std::string& reason) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  reason = "memattr-host run killed by signal " + std::to_string(WTERMSIG(status));
  return kExitFailed;
}

class Scheduler {
 public:
  Scheduler(const Fleet& fleet, const fs::path& dir, std::vector<FleetPair>& pairs,
            const FleetRunOptions& options)
      : fleet_(fleet), dir_(dir), pairs_(pairs), options_(options) {
    for (FleetPair& p : pairs_)
      if (p.state != PairState::kFinished) queues_[p.host->name].push_back(&p);
    for (const FleetHost& h : fleet_.hosts)
      if (queues_.count(h.name)) waiting_hosts_.push_back(h.name);
  }

  void Run() {
    while (!Interrupted() && (!waiting_hosts_.empty() || !running_.empty())) {
      while (!Interrupted() && !waiting_hosts_.empty() &&
             running_.size() < static_cast<std::size_t>(fleet_.concurrency)) {
        const std::string host = waiting_hosts_.front();
        waiting_hosts_.pop_front();
        StartNext(host);
      }
      if (running_.empty()) continue;
      ReapOrWait();
    }
    StopRunning();
    Record();
  }

 private:
  struct Running {
    FleetPair* pair;
    Clock::time_point start;
  };

  // The host's next pair; a host whose queue is empty is done.
  void StartNext(const std::string& host) {
    std::deque<FleetPair*>& queue = queues_[host];
    while (!queue.empty()) {
      FleetPair* pair = queue.front();
      queue.pop_front();
      pair->resumed = pair->state == PairState::kIncomplete;
      const Result<pid_t> pid =
          SpawnPair(PairArgv(fleet_, *pair, options_.memattr_host), pair->log);
      if (pid) {
        running_[*pid] = {pair, Clock::now()};
        Say(*pair, pair->resumed ? "resumed" : "started");
        return;
      }
      pair->exit_code = kExitBadInput;
      pair->reason = pid.error().message;
      Say(*pair, "not started: " + pair->reason);
      Record();
    }
  }

  void Finished(pid_t pid, int status) {
    const auto it = running_.find(pid);
    if (it == running_.end()) return;
    FleetPair& pair = *it->second.pair;
    pair.seconds = SecondsSince(it->second.start);
    running_.erase(it);
    pair.exit_code = ExitCodeOf(status, pair.reason);
    if (pair.reason.empty() && pair.exit_code != kExitOk) pair.reason = LastLine(pair.log);
    Say(pair,
        "exit " + std::to_string(pair.exit_code) + (pair.reason.empty() ? "" : ": " + pair.reason));
    Record();
    if (!queues_[pair.host->name].empty()) waiting_hosts_.push_front(pair.host->name);
  }

  // Reaps one finished pair, or sleeps a moment. Polled, not a blocking waitpid: a SIGTERM
  // delivered to another thread, or between the Interrupted() check and the wait, must not leave
  // the fleet waiting for a guest run to end.
  void ReapOrWait() {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid > 0) return Finished(pid, status);
    if (pid < 0 && errno == ECHILD) return running_.clear();
    ::usleep(kPollMicroseconds);
  }

  // Interrupted: the running pairs stop as an interrupted `run` does, then are reaped.
  void StopRunning() {
    for (const auto& [pid, running] : running_) {
      running.pair->interrupted = true;
      ::kill(pid, SIGTERM);
    }
    while (!running_.empty()) ReapOrWait();
  }

  void Record() {
    const Status s = WriteFileAtomically(
        dir_ / kFleetRecordFile, FleetRecord(fleet_, pairs_, SecondsSince(start_)).dump(2) + "\n");
    if (!s && options_.progress)
      *options_.progress << "memattr-host fleet: " << s.error().message << "\n";
  }

  void Say(const FleetPair& pair, const std::string& what) {
    if (options_.progress)
      *options_.progress << "fleet: " << pair.host->name << "/" << pair.scenario->name << ": "
                         << what << "\n"
                         << std::flush;
  }

  const Fleet& fleet_;
  const fs::path& dir_;
  std::vector<FleetPair>& pairs_;
  const FleetRunOptions& options_;
  std::map<std::string, std::deque<FleetPair*>> queues_;
  std::deque<std::string> waiting_hosts_;  // hosts with pairs left and none running
  std::map<pid_t, Running> running_;
  Clock::time_point start_ = Clock::now();
};

}  // namespace

std::vector<std::string> PairArgv(const Fleet& fleet, const FleetPair& pair,
                                  const fs::path& memattr_host) {
  std::vector<std::string> argv{
      memattr_host.string(), "run",       pair.scenario->file.string(), "--connect",
      pair.host->uri,        "--results", pair.results_dir.string(),    "--host-name",
      pair.host->name};
  for (const auto& [key, value] : pair.host->labels) {
    argv.push_back("--label");
    argv.push_back(key + "=" + value);
  }
  if (!fleet.image.empty()) {
    argv.push_back("--image");
    argv.push_back(fleet.image.string());
  }
  if (pair.state == PairState::kIncomplete) argv.push_back("--resume");
  return argv;
}

Result<std::vector<FleetPair>> RunFleet(const Fleet& fleet, const fs::path& dir,
                                        const FleetRunOptions& options) {
  const Result<int> lock = LockFleetDirectory(dir);
  if (!lock) return lock.error();
  Result<std::vector<FleetPair>> pairs = PlanFleetPairs(fleet, dir);
  if (!pairs) {
    ::close(*lock);
    return pairs.error();
  }
  InstallInterruptHandlers();
  Scheduler(fleet, dir, *pairs, options).Run();
  ::close(*lock);
  return pairs;
}

}  // namespace memattr::host
