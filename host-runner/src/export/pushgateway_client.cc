#include "pushgateway_client.h"

#include <curl/curl.h>
#include <prometheus/text_serializer.h>

#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>

#include "memattr/protocol/metric_names.h"
#include "metrics_registry.h"

namespace memattr::host_export {
using namespace protocol::metric_names;  // NOLINT: the names are this file's vocabulary
namespace {

std::string GroupUrl(const std::string& url, const std::map<std::string, std::string>& key) {
  std::string out = url;
  while (!out.empty() && out.back() == '/') out.pop_back();
  // job, instance, then the rest: the group's URL reads from the widest key to the narrowest.
  out += "/metrics/job/" + key.at(kLabelJob);
  if (key.count(kLabelInstance))
    out += std::string("/") + kLabelInstance + "/" + key.at(kLabelInstance);
  for (const auto& [name, value] : key) {
    if (name != kLabelJob && name != kLabelInstance) out += "/" + name + "/" + value;
  }
  return out;
}

// One attempt's end: an HTTP status (> 0) or a curl error.
struct Attempt {
  long status = 0;
  CURLcode curl = CURLE_OK;
};

std::size_t DiscardBody(char*, std::size_t size, std::size_t n, void*) { return size * n; }

long Millis(double seconds) { return std::lround(seconds * 1000); }

Attempt PostOnce(const std::string& url, const std::string& body, const PushOptions& o) {
  CURL* curl = ::curl_easy_init();
  if (curl == nullptr) return {0, CURLE_FAILED_INIT};
  curl_slist* headers =
      ::curl_slist_append(nullptr, "Content-Type: text/plain; version=0.0.4; charset=utf-8");
  ::curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  ::curl_easy_setopt(curl, CURLOPT_POST, 1L);
  ::curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  ::curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  ::curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  ::curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, DiscardBody);
  ::curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM
  ::curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     Millis(std::min(o.connect_timeout_seconds, o.timeout_seconds)));
  ::curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, Millis(o.timeout_seconds));
  Attempt a;
  a.curl = ::curl_easy_perform(curl);
  if (a.curl == CURLE_OK) ::curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &a.status);
  ::curl_slist_free_all(headers);
  ::curl_easy_cleanup(curl);
  return a;
}

bool Retryable(const Attempt& a) {
  return a.curl == CURLE_COULDNT_CONNECT || a.curl == CURLE_OPERATION_TIMEDOUT ||
         a.curl == CURLE_COULDNT_RESOLVE_HOST || a.curl == CURLE_SEND_ERROR ||
         a.curl == CURLE_RECV_ERROR || a.curl == CURLE_GOT_NOTHING;
}

std::string Describe(const Attempt& a, const PushOptions& o) {
  switch (a.curl) {
    case CURLE_OK:
      return "HTTP status " + std::to_string(a.status);
    case CURLE_COULDNT_RESOLVE_HOST:
      return "could not resolve host (curl error 6)";
    case CURLE_COULDNT_CONNECT:
      return "could not connect: is the Pushgateway running? (curl error 7)";
    case CURLE_OPERATION_TIMEDOUT: {
      char limit[32];
      std::snprintf(limit, sizeof limit, "%g", o.timeout_seconds);
      return std::string("timed out: no answer within ") + limit + " s (curl error 28)";
    }
    default:
      return std::string(::curl_easy_strerror(a.curl)) + " (curl error " +
             std::to_string(static_cast<int>(a.curl)) + ")";
  }
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
  // `host` too: with an --push-instance shared by several hosts, their groups stay apart.
  return {{kLabelJob, UrlSafe(options.job)},
          {kLabelInstance, UrlSafe(instance)},
          {kLabelHost, UrlSafe(run.facts.host)},
          {kLabelScenario, run.facts.scenario}};
}

Status PushRun(const RunMetrics& run, const PushOptions& options) {
  auto address = ParseGatewayUrl(options.url);
  if (!address) return address.error();
  const std::string group_url = GroupUrl(options.url, GroupingKey(run, options));
  if (UrlSafe(run.facts.scenario) != run.facts.scenario) {
    return Error{"push to " + group_url + ": scenario name '" + run.facts.scenario +
                 "' is not URL-safe ([A-Za-z0-9._-])"};
  }
  if (!(options.timeout_seconds > 0) || !(options.connect_timeout_seconds > 0) ||
      options.attempts < 1)
    return Error{"push to " + group_url + ": timeouts must be > 0 s and attempts >= 1"};
  const std::string body =
      prometheus::TextSerializer().Serialize(BuildRegistry(std::span(&run, 1))->Collect());
  Attempt last;
  int made = 0;
  while (made < options.attempts) {
    if (made > 0) std::this_thread::sleep_for(std::chrono::seconds(1 << (made - 1)));  // 1, 2, 4 s
    last = PostOnce(group_url, body, options);
    ++made;
    if (!Retryable(last)) break;
  }
  if (last.curl == CURLE_OK && last.status >= 200 && last.status < 300) return OkStatus();
  return Error{"push to " + group_url + " failed: " + Describe(last, options) +
               (made > 1 ? " (" + std::to_string(made) + " attempts)" : "") +
               "; the results stay in " + run.source + " (push again with: memattr-host push " +
               std::filesystem::path(run.source).parent_path().string() + " --pushgateway " +
               options.url + ")"};
}

}  // namespace memattr::host_export
