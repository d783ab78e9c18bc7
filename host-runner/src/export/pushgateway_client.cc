#include "pushgateway_client.h"

#include <prometheus/gateway.h>

#include <cctype>
#include <filesystem>

#include "memattr/protocol/metric_names.h"
#include "metrics_registry.h"

namespace memattr::host_export {
using namespace protocol::metric_names;  // NOLINT: the names are this file's vocabulary
namespace {

std::string GroupUrl(const std::string& url, const std::map<std::string, std::string>& key) {
  std::string out = url;
  while (!out.empty() && out.back() == '/') out.pop_back();
  out += "/metrics/job/" + key.at(kLabelJob);
  for (const auto& [name, value] : key) {
    if (name != kLabelJob) out += "/" + name + "/" + value;
  }
  return out;
}

// prometheus::Gateway returns the HTTP status, or minus the curl error code.
std::string DescribePushStatus(int status) {
  switch (-status) {
    case 6:
      return "could not resolve host (curl error 6)";
    case 7:
      return "could not connect: is the Pushgateway running? (curl error 7)";
    case 28:
      return "timed out (curl error 28)";
    default:
      break;
  }
  if (status < 0) return "curl error " + std::to_string(-status);
  return "HTTP status " + std::to_string(status);
}

}  // namespace

Result<GatewayAddress> ParseGatewayUrl(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    return Error{"--pushgateway '" + url + "': expected http://HOST:PORT"};
  }
  std::string rest = url.substr(scheme_end + 3);
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  const auto colon = rest.rfind(':');
  if (rest.find('/') != std::string::npos || colon == std::string::npos ||
      colon + 1 == rest.size()) {
    return Error{"--pushgateway '" + url + "': expected http://HOST:PORT (no path)"};
  }
  return GatewayAddress{.host = url.substr(0, scheme_end + 3) + rest.substr(0, colon),
                        .port = rest.substr(colon + 1)};
}

std::string UrlSafe(const std::string& value) {
  std::string out = value;
  for (char& c : out) {
    const bool keep =
        std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    if (!keep) c = '_';
  }
  return out.empty() ? "unknown" : out;
}

std::map<std::string, std::string> GroupingKey(const RunMetrics& run, const PushOptions& options) {
  const std::string instance =
      options.instance.empty() ? run.facts.host + "_" + run.facts.host_kernel : options.instance;
  return {{kLabelJob, UrlSafe(options.job)},
          {kLabelInstance, UrlSafe(instance)},
          {kLabelScenario, run.facts.scenario}};
}

Status PushRun(const RunMetrics& run, const PushOptions& options) {
  auto address = ParseGatewayUrl(options.url);
  if (!address) return address.error();
  auto key = GroupingKey(run, options);
  const std::string group_url = GroupUrl(options.url, key);
  if (UrlSafe(run.facts.scenario) != run.facts.scenario) {
    return Error{"push to " + group_url + ": scenario name '" + run.facts.scenario +
                 "' is not URL-safe ([A-Za-z0-9._-])"};
  }
  const std::string job = key.at(kLabelJob);
  key.erase(kLabelJob);
  prometheus::Gateway gateway(address->host, address->port, job,
                              prometheus::Labels(key.begin(), key.end()));
  auto registry = BuildRegistry(std::span(&run, 1));
  gateway.RegisterCollectable(registry);
  const int status = gateway.Push();
  if (status >= 200 && status < 300) return OkStatus();
  return Error{"push to " + group_url + " failed: " + DescribePushStatus(status) +
               "; the results stay in " + run.source + " (push again with: memattr-host push " +
               std::filesystem::path(run.source).parent_path().string() + " --pushgateway " +
               options.url + ")"};
}

}  // namespace memattr::host_export
