// RESULTS_DIR of one run (host-runner/docs/results_format.md): events.jsonl appended and
// flushed per line as events arrive, per-boot console/argv/manifest files, results.json
// replaced atomically. A crash at any point leaves every received event readable.
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
  // Creates `dir` (and parents) and opens events.jsonl for appending.
  static Result<ResultsDir> Create(const std::filesystem::path& dir);
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

 private:
  ResultsDir(std::filesystem::path dir, int fd) : dir_(std::move(dir)), fd_(fd) {}
  std::filesystem::path Numbered(const char* stem, int boot, const char* ext) const {
    return dir_ / (std::string(stem) + "-" + std::to_string(boot) + ext);
  }
  std::filesystem::path dir_;
  int fd_ = -1;
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
