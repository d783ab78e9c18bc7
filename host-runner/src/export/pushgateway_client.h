// Pushes one run to a Prometheus Pushgateway with prometheus::Gateway (its Push() POSTs: every
// memattr metric name of the group is replaced), grouping key job/instance/scenario.
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
// full group URL and say what failed (connection refused, HTTP status).
Status PushRun(const RunMetrics& run, const PushOptions& options);

}  // namespace memattr::host_export
