#include "results_server.h"

#include <prometheus/collectable.h>
#include <prometheus/exposer.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <tuple>

#include "metrics_registry.h"

namespace memattr::host_export {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> ResultsFiles(const fs::path& path) {
  if (fs::is_regular_file(path)) return {path};
  if (fs::is_regular_file(path / "results.json")) return {path / "results.json"};
  // A folder of results directories, or a fleet directory (DIR/<host>/<scenario>/).
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(path, error)) {
    if (fs::is_regular_file(entry.path() / "results.json")) {
      files.push_back(entry.path() / "results.json");
      continue;
    }
    std::error_code inner_error;
    for (const auto& inner : fs::directory_iterator(entry.path(), inner_error))
      if (fs::is_regular_file(inner.path() / "results.json"))
        files.push_back(inner.path() / "results.json");
  }
  std::sort(files.begin(), files.end());
  return files;
}

fs::file_time_type NewestWriteTime(const std::vector<fs::path>& files) {
  auto newest = fs::file_time_type::min();  // not {}: libstdc++ file_clock epoch is in 2174
  std::error_code error;
  for (const fs::path& file : files) newest = std::max(newest, fs::last_write_time(file, error));
  return newest;
}

// Re-reads the results when any results.json changed; keeps the last good registry otherwise.
class LatestResultsCollectable : public prometheus::Collectable {
 public:
  LatestResultsCollectable(fs::path path, std::vector<RunMetrics> runs)
      : path_(std::move(path)),
        registry_(BuildRegistry(runs)),
        loaded_at_(NewestWriteTime(ResultsFiles(path_))) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    std::lock_guard lock(mutex_);
    const auto newest = NewestWriteTime(ResultsFiles(path_));
    if (newest != loaded_at_) {
      auto runs = LoadLatestRuns(path_);
      if (runs) registry_ = BuildRegistry(*runs);
      loaded_at_ = newest;
    }
    return registry_->Collect();
  }

 private:
  fs::path path_;
  mutable std::mutex mutex_;
  mutable std::shared_ptr<prometheus::Registry> registry_;
  mutable fs::file_time_type loaded_at_;
};

class ExposerServer : public ResultsServer {
 public:
  ExposerServer(std::unique_ptr<prometheus::Exposer> exposer,
                std::shared_ptr<LatestResultsCollectable> collectable)
      : exposer_(std::move(exposer)), collectable_(std::move(collectable)) {
    exposer_->RegisterCollectable(collectable_);
  }
  int port() const override { return exposer_->GetListeningPorts().at(0); }

 private:
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::shared_ptr<LatestResultsCollectable> collectable_;
};

}  // namespace

std::string NormalizeListenAddress(const std::string& address) {
  if (address.empty()) return kDefaultListenAddress;
  if (address.front() == ':') return "127.0.0.1" + address;
  if (address.find(':') == std::string::npos) return "127.0.0.1:" + address;
  return address;
}

Result<std::vector<RunMetrics>> LoadLatestRuns(const fs::path& results_path) {
  const auto files = ResultsFiles(results_path);
  if (files.empty()) {
    return Error{results_path.string() + ": no results.json here or in its subdirectories"};
  }
  std::map<std::tuple<std::string, std::string, std::string>, RunMetrics> latest;
  for (const fs::path& file : files) {
    auto run = LoadRunMetrics(file);
    if (!run) return run.error();
    const auto key = std::tuple(run->facts.scenario, run->facts.host, run->facts.host_kernel);
    auto it = latest.find(key);
    if (it == latest.end() || it->second.facts.end_time_seconds <= run->facts.end_time_seconds) {
      latest.insert_or_assign(key, *std::move(run));
    }
  }
  std::vector<RunMetrics> runs;
  for (auto& [key, run] : latest) runs.push_back(std::move(run));
  return runs;
}

Result<std::unique_ptr<ResultsServer>> StartResultsServer(const ServeOptions& options) {
  auto runs = LoadLatestRuns(options.results_path);
  if (!runs) return runs.error();
  const std::string address = NormalizeListenAddress(options.listen_address);
  auto collectable =
      std::make_shared<LatestResultsCollectable>(options.results_path, *std::move(runs));
  try {
    auto exposer = std::make_unique<prometheus::Exposer>(address, 1);
    return std::unique_ptr<ResultsServer>(
        std::make_unique<ExposerServer>(std::move(exposer), std::move(collectable)));
  } catch (const std::exception& e) {
    return Error{"--listen " + address + ": cannot serve metrics: " + e.what()};
  }
}

}  // namespace memattr::host_export
