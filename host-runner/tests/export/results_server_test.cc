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

const fs::path kFixtures = MEMATTR_EXPORT_TESTDATA "/results";

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
  EXPECT_EQ(kernels, (std::set<std::string>{"default@6.12.38+deb12-cloud-arm64",
                                            "default@7.3.4+deb13-cloud-arm64",
                                            "x86-end-to-end@6.18.44-fc-v782"}));
  EXPECT_THAT(LoadLatestRuns("/nonexistent").error().message,
              HasSubstr("/nonexistent: no results.json"));
}

TEST(ResultsServerTest, serves_metrics_and_picks_up_a_newer_run) {
  const fs::path dir = fs::path(testing::TempDir()) / "results_server_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(kFixtures / "default-6.12/results.json", dir / "results.json");
  auto server = StartResultsServer({.results_path = dir, .listen_address = "127.0.0.1:0"});
  ASSERT_TRUE(server) << server.error().message;
  const std::string first = testing_util::HttpGet((*server)->port(), "/metrics");
  EXPECT_THAT(first, HasSubstr(std::string(kBandwidth) + "{accel=\"tcg\",attribute=\"normal-wb\""));
  EXPECT_THAT(first, HasSubstr("host_kernel=\"6.12.38+deb12-cloud-arm64\""));

  fs::copy_file(kFixtures / "default-7.3/results.json", dir / "results.json",
                fs::copy_options::overwrite_existing);
  fs::last_write_time(dir / "results.json",
                      fs::file_time_type::clock::now() + std::chrono::seconds(5));
  const std::string second = testing_util::HttpGet((*server)->port(), "/metrics");
  EXPECT_THAT(second, HasSubstr("host_kernel=\"7.3.4+deb13-cloud-arm64\""));
  EXPECT_THAT(second, Not(HasSubstr("host_kernel=\"6.12.38+deb12-cloud-arm64\"")));
  fs::remove_all(dir);
}

TEST(ResultsServerTest, unusable_address_is_named) {
  auto server = StartResultsServer({.results_path = kFixtures / "default-6.12",
                                    .listen_address = "192.0.2.1:0"});  // not ours: bind fails
  ASSERT_FALSE(server);
  EXPECT_THAT(server.error().message, HasSubstr("--listen 192.0.2.1:0"));
}

}  // namespace
}  // namespace memattr::host_export
