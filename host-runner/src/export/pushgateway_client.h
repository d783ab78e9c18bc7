// Pushes one run to a Prometheus Pushgateway: an HTTP POST of the run's metrics in Prometheus'
// text format (every memattr metric name of the group is replaced), grouping key
// job/instance/scenario, through libcurl with a connect and a total timeout per attempt (the
// prometheus::Gateway of prometheus-cpp 1.0.1 has none: a server that accepts and never answers
// hung it forever). Retry policy: a push that could not connect or timed out is tried again,
// `attempts` times in all, 1 s then 2 s (doubling) apart; a push that got an HTTP answer is not
// (the server has spoken). Pushing the same group again is idempotent.
//   Status s = PushRun(run, {.url = "http://127.0.0.1:9091"});
//   if (!s) std::cerr << s.error().message;  // "push to http://127.0.0.1:9091/...: ..."
#pragma once

#include <map>
#include <string>

#include "memattr/result.h"
#include "run_metrics.h"

namespace memattr::host_export {

struct PushOptions {
  std::string url;  // http://HOST:PORT (no path)
  std::string job = "memattr";
  // Empty: "<host>_<host_kernel>", made URL-safe, so that runs under two host kernels (A/B)
  // stay side by side in the Pushgateway instead of replacing each other.
  std::string instance;
  double connect_timeout_seconds = 5;  // per attempt, capped by the total
  double timeout_seconds = 30;         // per attempt: connect + send + answer
  int attempts = 3;
};

struct GatewayAddress {
  std::string host;  // with scheme, as prometheus::Gateway wants it: "http://127.0.0.1"
  std::string port;  // "9091"
};
// Splits "http://HOST:PORT[/]"; errors name the URL.
Result<GatewayAddress> ParseGatewayUrl(const std::string& url);

// Keeps [A-Za-z0-9._-], replaces anything else with '_' (grouping-key values are path parts).
std::string UrlSafe(const std::string& value);

// The grouping key a push of `run` uses: job, instance, scenario.
std::map<std::string, std::string> GroupingKey(const RunMetrics& run, const PushOptions& options);

// Pushes every memattr metric of `run`. The results on disk are never touched. Errors name the
// full group URL and say what failed (connection refused, timed out after N s, HTTP status) and
// after how many attempts.
Status PushRun(const RunMetrics& run, const PushOptions& options);

}  // namespace memattr::host_export
