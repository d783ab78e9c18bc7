#include "pushgateway_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "loopback_http.h"

namespace memattr::host_export {
namespace {

using testing::HasSubstr;
using testing_util::FakeHttpServer;
using testing_util::RefusingPort;
using testing_util::SilentServer;

RunMetrics Fixture() {
  auto run = LoadRunMetrics(MEMATTR_RECORDED_RESULTS "/tcg-default");
  EXPECT_TRUE(run) << run.error().message;
  return *std::move(run);
}

TEST(PushgatewayClientTest, parses_gateway_urls) {
  auto address = ParseGatewayUrl("http://127.0.0.1:9091/");
  ASSERT_TRUE(address) << address.error().message;
  EXPECT_EQ(address->host, "http://127.0.0.1");
  EXPECT_EQ(address->port, "9091");
  EXPECT_THAT(ParseGatewayUrl("127.0.0.1:9091").error().message, HasSubstr("'127.0.0.1:9091'"));
  EXPECT_FALSE(ParseGatewayUrl("http://127.0.0.1:9091/metrics"));
  EXPECT_FALSE(ParseGatewayUrl("http://127.0.0.1"));
}

TEST(PushgatewayClientTest, grouping_key_is_job_instance_host_scenario_and_url_safe) {
  const RunMetrics run = Fixture();
  EXPECT_THAT(
      GroupingKey(run, {}),
      testing::ElementsAre(testing::Pair("host", "vm"),  // the recorded run's host and kernel
                           testing::Pair("instance", "vm_6.18.44-fc-v1272"),
                           testing::Pair("job", "memattr"), testing::Pair("scenario", "default")));
  EXPECT_EQ(GroupingKey(run, {.instance = "lab/7"}).at("instance"), "lab_7");
}

// Issue 18: two hosts pushed with one --push-instance stay two groups (the Pushgateway would
// otherwise let the second replace the first).
TEST(PushgatewayClientTest, one_instance_for_two_hosts_keeps_two_groups) {
  RunMetrics a = Fixture(), b = Fixture();
  b.facts.host = "lab-b";
  EXPECT_NE(GroupingKey(a, {.instance = "lab"}), GroupingKey(b, {.instance = "lab"}));
}

TEST(PushgatewayClientTest, refused_connection_names_the_url_and_keeps_results) {
  const RunMetrics run = Fixture();
  const auto before = std::filesystem::file_size(run.source);
  RefusingPort refusing;
  const std::string url = "http://127.0.0.1:" + std::to_string(refusing.port());
  const Status pushed = PushRun(run, {.url = url});
  ASSERT_FALSE(pushed);
  EXPECT_THAT(pushed.error().message,
              HasSubstr("push to " + url + "/metrics/job/memattr/instance/"));
  EXPECT_THAT(pushed.error().message, HasSubstr("could not connect"));
  EXPECT_THAT(pushed.error().message, HasSubstr("memattr-host push"));
  EXPECT_EQ(std::filesystem::file_size(run.source), before);
}

TEST(PushgatewayClientTest, http_error_status_is_reported_with_the_url) {
  const RunMetrics run = Fixture();
  FakeHttpServer server(503, 1);
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port());
  const Status pushed = PushRun(run, {.url = url, .instance = "lab"});
  server.Join();
  ASSERT_FALSE(pushed);
  EXPECT_THAT(pushed.error().message,
              HasSubstr(url + "/metrics/job/memattr/instance/lab/host/vm/scenario/default"));
  EXPECT_THAT(pushed.error().message, HasSubstr("HTTP status 503"));
  // A POST replaces the run's metric names within the group; an HTTP answer is not retried.
  EXPECT_EQ(server.last_request_line(),
            "POST /metrics/job/memattr/instance/lab/host/vm/scenario/default HTTP/1.1");
}

// A server that accepts the connection and never answers once hung `memattr-host push` forever.
TEST(PushgatewayClientTest, silent_server_times_out_after_the_stated_retries) {
  const RunMetrics run = Fixture();
  SilentServer silent;
  const std::string url = "http://127.0.0.1:" + std::to_string(silent.port());
  const auto start = std::chrono::steady_clock::now();
  const Status pushed = PushRun(run, {.url = url, .timeout_seconds = 0.5, .attempts = 2});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(pushed);
  EXPECT_THAT(pushed.error().message, HasSubstr("timed out: no answer within 0.5 s"));
  EXPECT_THAT(pushed.error().message, HasSubstr("(2 attempts)"));
  EXPECT_GE(seconds, 1.9);  // two attempts of 0.5 s and the 1 s pause between them
  EXPECT_LT(seconds, 10);
}

TEST(PushgatewayClientTest, refused_connection_is_retried_as_stated) {
  const RunMetrics run = Fixture();
  RefusingPort refusing;
  const std::string url = "http://127.0.0.1:" + std::to_string(refusing.port());
  const Status pushed = PushRun(run, {.url = url, .attempts = 2});
  ASSERT_FALSE(pushed);
  EXPECT_THAT(pushed.error().message, HasSubstr("could not connect"));
  EXPECT_THAT(pushed.error().message, HasSubstr("(2 attempts)"));
}

}  // namespace
}  // namespace memattr::host_export
