// RESULTS_DIR of one run (host-runner/docs/results_format.md), owned by it: an exclusive flock on
// the directory for the run's life (a second run into it is refused), an empty directory unless
// the run resumes an earlier one on purpose, events.jsonl appended with one write(2) per line
// as events arrive, every other file (results.json, argv, manifests) written atomically. A crash
// at any point leaves every received event readable.
//   Result<ResultsDir> dir = ResultsDir::Create("results/default-20261125T141500Z");
//   dir->AppendEventLine(line);
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "memattr/result.h"

namespace memattr::host {

class ResultsDir {
 public:
  // Creates `dir` (and parents), locks it and opens events.jsonl for appending. Refused: a
  // directory another run holds; a non-empty one unless `resume` (then it must hold a run).
  static Result<ResultsDir> Create(const std::filesystem::path& dir, bool resume = false);
  ResultsDir(ResultsDir&& other) noexcept;
  ResultsDir& operator=(ResultsDir&&) = delete;
  ~ResultsDir();

  const std::filesystem::path& path() const { return dir_; }
  // One write(2) per line: nothing is buffered in this process.
  Status AppendEventLine(const std::string& line);
  // Adds "source": "host" and "time", then appends.
  Status AppendHostEvent(nlohmann::json event);
  Status WriteArgv(int boot, const std::vector<std::string>& argv) const;
  // Writes to a temporary file and renames it over results.json.
  Status WriteResultsJson(const nlohmann::json& results) const;
  // Nested host (L1): every event line, and each results.json as a kRelayResultsEvent line,
  // is also written to `fd` (L1's virtio port to L0). Not owned; -1 = off.
  void RelayTo(int fd, std::string name) { relay_fd_ = fd, relay_name_ = std::move(name); }
  Status Relay(const std::string& data) const;

  std::filesystem::path ConsoleLog(int boot) const { return Numbered("console", boot, ".log"); }
  std::filesystem::path QemuLog(int boot) const { return Numbered("qemu", boot, ".log"); }
  std::filesystem::path Manifest(int boot) const { return Numbered("manifest", boot, ".json"); }
  std::filesystem::path EventsFile() const { return dir_ / "events.jsonl"; }
  // Lines in events.jsonl so far (an earlier run's included when resuming).
  long event_lines() const { return event_lines_; }
  // Resuming: the memattr.status the earlier run's results.json had ("incomplete": it was
  // killed before writing its end); "" otherwise.
  const std::string& earlier_status() const { return earlier_status_; }

 private:
  ResultsDir(std::filesystem::path dir, int lock_fd, int fd, long lines)
      : dir_(std::move(dir)), lock_fd_(lock_fd), fd_(fd), event_lines_(lines) {}
  std::filesystem::path Numbered(const char* stem, int boot, const char* ext) const {
    return dir_ / (std::string(stem) + "-" + std::to_string(boot) + ext);
  }
  std::filesystem::path dir_;
  int lock_fd_ = -1;  // the directory itself, flock(LOCK_EX) held while open
  int fd_ = -1;
  long event_lines_ = 0;
  std::string earlier_status_;
  int relay_fd_ = -1;
  std::string relay_name_;
};

// Relayed by a nested host: {"event": "nested_results", "results": <results.json>}, and last
// {"event": "nested_run_end", "exit_code": N}.
inline constexpr char kRelayResultsEvent[] = "nested_results";
inline constexpr char kRelayRunEndEvent[] = "nested_run_end";

// "results/<scenario>-<UTC yyyymmddThhmmssZ>"; an Error when the name is not a safe name.
Result<std::filesystem::path> DefaultResultsDir(const std::string& scenario_name);
double UnixTimeNow();

}  // namespace memattr::host
