#include "results_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "loopback_http.h"
#include "memattr/protocol/metric_names.h"

namespace memattr::host_export {
using namespace protocol::metric_names;  // NOLINT: the names are this file's vocabulary
namespace {

namespace fs = std::filesystem;
using testing::HasSubstr;
using testing::Not;

// Written by the real writer from the recorded TCG run (tests/testdata/recorded/README.md).
const fs::path kFixtures = MEMATTR_RECORDED_RESULTS;

TEST(ResultsServerTest, listen_address_defaults_to_loopback) {
  EXPECT_EQ(NormalizeListenAddress("9464"), "127.0.0.1:9464");
  EXPECT_EQ(NormalizeListenAddress(":9464"), "127.0.0.1:9464");
  EXPECT_EQ(NormalizeListenAddress(""), kDefaultListenAddress);
  EXPECT_EQ(NormalizeListenAddress("[::1]:9464"), "[::1]:9464");
}

TEST(ResultsServerTest, folder_of_runs_serves_latest_per_host_kernel) {
  auto runs = LoadLatestRuns(kFixtures);
  ASSERT_TRUE(runs) << runs.error().message;
  std::set<std::string> kernels;
  for (const RunMetrics& run : *runs)
    kernels.insert(run.facts.scenario + "@" + run.facts.host_kernel);
  // tcg-default and tcg-default-alerting share a host kernel: one of them is served.
  EXPECT_EQ(kernels,
            (std::set<std::string>{"default@6.18.44-fc-v1272", "default@6.19.0-kernel-b"}));
  EXPECT_THAT(LoadLatestRuns("/nonexistent").error().message,
              HasSubstr("/nonexistent: no results.json"));
}

TEST(ResultsServerTest, serves_metrics_and_picks_up_a_newer_run) {
  const fs::path dir = fs::path(testing::TempDir()) / "results_server_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(kFixtures / "tcg-default/results.json", dir / "results.json");
  auto server = StartResultsServer({.results_path = dir, .listen_address = "127.0.0.1:0"});
  ASSERT_TRUE(server) << server.error().message;
  const std::string first = testing_util::HttpGet((*server)->port(), "/metrics");
  EXPECT_THAT(first, HasSubstr(std::string(kBandwidth) + "{accel=\"tcg\",attribute=\"normal-wb\""));
  EXPECT_THAT(first, HasSubstr("host_kernel=\"6.18.44-fc-v1272\""));

  fs::copy_file(kFixtures / "tcg-default-kernel-b/results.json", dir / "results.json",
                fs::copy_options::overwrite_existing);
  fs::last_write_time(dir / "results.json",
                      fs::file_time_type::clock::now() + std::chrono::seconds(5));
  const std::string second = testing_util::HttpGet((*server)->port(), "/metrics");
  EXPECT_THAT(second, HasSubstr("host_kernel=\"6.19.0-kernel-b\""));
  EXPECT_THAT(second, Not(HasSubstr("host_kernel=\"6.18.44-fc-v1272\"")));
  fs::remove_all(dir);
}

TEST(ResultsServerTest, unusable_address_is_named) {
  auto server = StartResultsServer({.results_path = kFixtures / "tcg-default",
                                    .listen_address = "192.0.2.1:0"});  // not ours: bind fails
  ASSERT_FALSE(server);
  EXPECT_THAT(server.error().message, HasSubstr("--listen 192.0.2.1:0"));
}

}  // namespace
}  // namespace memattr::host_export
