// Serves the latest results on an HTTP /metrics endpoint (prometheus::Exposer), for Prometheus
// to scrape. Each scrape re-reads the results when a results.json changed, so a server left
// running shows the newest run without a restart.
//   auto server = StartResultsServer({.results_path = "results", .listen_address =
//   "127.0.0.1:9464"}); std::cout << "listening on port " << (*server)->port();
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "memattr/result.h"
#include "run_metrics.h"

namespace memattr::host_export {

inline constexpr char kDefaultListenAddress[] = "127.0.0.1:9464";

struct ServeOptions {
  // A results directory (with results.json), or a folder of results directories: then the
  // latest run (by context date) per scenario, host and host kernel is served.
  std::filesystem::path results_path;
  std::string listen_address = kDefaultListenAddress;  // "PORT" or ":PORT" mean 127.0.0.1:PORT
};

// "9464" and ":9464" -> "127.0.0.1:9464": loopback unless an address is given.
std::string NormalizeListenAddress(const std::string& address);

// The runs `results_path` stands for (see ServeOptions). Errors: no results.json found, or
// a results.json that does not parse (named).
Result<std::vector<RunMetrics>> LoadLatestRuns(const std::filesystem::path& results_path);

class ResultsServer {
 public:
  virtual ~ResultsServer() = default;
  virtual int port() const = 0;  // the bound port (useful with port 0)
};

// Loads the results once (errors are returned here, before listening), then serves them.
// Errors name the address when it cannot be bound.
Result<std::unique_ptr<ResultsServer>> StartResultsServer(const ServeOptions& options);

}  // namespace memattr::host_export
