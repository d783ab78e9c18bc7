#include "events/metrics_sink.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

namespace memattr::agent {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// Value of the gauge `name` whose labels include all of `want`; nullopt if none.
std::optional<double> GaugeValue(prometheus::Registry& registry, const std::string& name,
                                 const std::map<std::string, std::string>& want) {
  for (const prometheus::MetricFamily& family : registry.Collect()) {
    if (family.name != name) continue;
    for (const prometheus::ClientMetric& metric : family.metric) {
      std::size_t matched = 0;
      for (const prometheus::ClientMetric::Label& l : metric.label)
        matched += want.count(l.name) && want.at(l.name) == l.value;
      if (matched == want.size()) return metric.gauge.value;
    }
  }
  return std::nullopt;
}

void EmitRun(EventSink& sink) {
  sink.Emit({{"event", "measurement"},
             {"region", "ram"},
             {"attribute", "normal-wb"},
             {"kernel", "stream_read_simd"},
             {"threads", 1},
             {"run", {{"run_type", "iteration"}, {"bytes_per_second", 2.5e10}}}});
  sink.Emit({{"event", "measurement"},
             {"region", "ram"},
             {"attribute", "normal-wb"},
             {"kernel", "stream_read_simd"},
             {"threads", 1},
             {"run",
              {{"run_type", "aggregate"}, {"aggregate_name", "mean"}, {"bytes_per_second", 1.0}}}});
  sink.Emit({{"event", "measurement"},
             {"region", "ram"},
             {"attribute", "normal-wb"},
             {"kernel", "latency_chase"},
             {"threads", 1},
             {"run", {{"run_type", "iteration"}, {"ns_per_load", 80.0}}}});
  sink.Emit({{"event", "probe_outcome"},
             {"region", "bar0"},
             {"attribute", "device-ngnre"},
             {"probe", "unaligned_load_8"},
             {"outcome", {{"kind", "fault"}}}});
  sink.Emit({{"event", "verdict"},
             {"region", "dax0"},
             {"attribute", "normal-wb"},
             {"inferred", "device"},
             {"expected", "device"},
             {"verdict", "degraded"}});
  sink.Emit({{"event", "run_end"}, {"status", "ok"}});
}

TEST(MetricsSinkTest, forwards_every_event_and_keeps_results_as_metrics) {
  MemorySink inner;
  auto registry = std::make_shared<prometheus::Registry>();
  MetricsSink metrics(inner, registry, {{"scenario", "bare"}});
  EmitRun(metrics);
  EXPECT_EQ(inner.events().size(), 6u);
  EXPECT_EQ(GaugeValue(*registry, "memattr_bandwidth_bytes_per_second",
                       {{"scenario", "bare"},
                        {"region", "ram"},
                        {"kernel", "stream_read_simd"},
                        {"threads", "1"}}),
            2.5e10);  // the mean aggregate does not overwrite it
  EXPECT_DOUBLE_EQ(
      *GaugeValue(*registry, "memattr_load_latency_seconds", {{"kernel", "latency_chase"}}), 80e-9);
  EXPECT_EQ(
      GaugeValue(*registry, "memattr_probe_outcome", {{"region", "bar0"}, {"outcome", "fault"}}),
      1.0);
  EXPECT_EQ(GaugeValue(*registry, "memattr_probe_outcome", {{"region", "bar0"}, {"outcome", "ok"}}),
            0.0);
  EXPECT_EQ(GaugeValue(*registry, "memattr_region_effective_type_info",
                       {{"region", "dax0"}, {"inferred", "device"}, {"verdict", "degraded"}}),
            1.0);
  EXPECT_EQ(GaugeValue(*registry, "memattr_region_verdict",
                       {{"region", "dax0"}, {"verdict", "degraded"}}),
            1.0);
  EXPECT_EQ(GaugeValue(*registry, "memattr_region_verdict",
                       {{"region", "dax0"}, {"verdict", "as-expected"}}),
            0.0);
  EXPECT_EQ(GaugeValue(*registry, "memattr_run_info", {{"status", "ok"}}), 1.0);
}

std::string HttpGet(int port, const std::string& path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return "connect failed";
  }
  const std::string request = "GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n";
  (void)!::write(fd, request.data(), request.size());
  std::string response;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;)
    response.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  return response;
}

TEST(MetricsSinkTest, serves_metrics_on_loopback) {
  MemorySink inner;
  auto registry = std::make_shared<prometheus::Registry>();
  MetricsSink metrics(inner, registry, {});
  EmitRun(metrics);
  auto server = StartMetricsServer("127.0.0.1:0", registry);
  ASSERT_TRUE(server) << server.error().message;
  const int port = (*server)->GetListeningPorts().at(0);
  const std::string body = HttpGet(port, "/metrics");
  EXPECT_THAT(body, HasSubstr("200 OK"));
  EXPECT_THAT(body, HasSubstr("memattr_region_effective_type_info{"));
  EXPECT_THAT(body, HasSubstr("region=\"dax0\""));
}

TEST(MetricsSinkTest, bad_listen_address_is_an_error_naming_it) {
  auto registry = std::make_shared<prometheus::Registry>();
  auto server = StartMetricsServer("256.1.1.1:9", registry);
  ASSERT_FALSE(server);
  EXPECT_THAT(server.error().message, HasSubstr("--listen 256.1.1.1:9"));
}

}  // namespace
}  // namespace memattr::agent
