// Issue 18: the fleet file parser (strict, FILE:LINE errors), the fleet's exit code rule, the
// child argv each pair runs, resume states, and the summary's outlier hosts.
#include "fleet/fleet.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "fleet/fleet_pairs.h"
#include "fleet/fleet_runner.h"
#include "fleet/fleet_summary.h"
#include "results/atomic_file.h"
#include "results/results_file.h"
#include "run/run_outcome.h"
#include "vm/guest_supervisor.h"

namespace memattr::host {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kScenario = std::string(MEMATTR_HOST_SOURCE_DIR) + "/scenarios/default.yaml";

std::string Hosts(const std::string& extra = "") {
  return "scenarios: [" + kScenario + "]\n" + extra +
         "hosts:\n"
         "  - name: lab-a\n"
         "    uri: qemu:///system\n"
         "    labels: {rack: r1, kernel_line: a}\n"
         "  - name: lab-b\n"
         "    uri: qemu+ssh://root@lab-b/system\n";
}

std::string ErrorOf(const std::string& text) {
  const Result<Fleet> fleet = ParseFleetText(text, "lab.yaml");
  return fleet ? "" : fleet.error().message;
}

TEST(FleetParserTest, reads_hosts_labels_scenarios_and_concurrency) {
  const Result<Fleet> fleet = ParseFleetText(Hosts("concurrency: 1\n"), "lab.yaml");
  ASSERT_TRUE(fleet) << fleet.error().message;
  ASSERT_EQ(fleet->hosts.size(), 2u);
  EXPECT_EQ(fleet->hosts[0].name, "lab-a");
  EXPECT_EQ(fleet->hosts[1].uri, "qemu+ssh://root@lab-b/system");
  EXPECT_EQ(fleet->hosts[0].labels.at("rack"), "r1");
  EXPECT_EQ(fleet->hosts[1].line, 7);
  ASSERT_EQ(fleet->scenarios.size(), 1u);
  EXPECT_EQ(fleet->scenarios[0].name, "default");
  EXPECT_EQ(fleet->concurrency, 1);
}

TEST(FleetParserTest, concurrency_defaults_to_every_host_at_once) {
  const Result<Fleet> fleet = ParseFleetText(Hosts(), "lab.yaml");
  ASSERT_TRUE(fleet) << fleet.error().message;
  EXPECT_EQ(fleet->concurrency, 2);
}

TEST(FleetParserTest, bad_files_name_file_line_and_field) {
  EXPECT_EQ(ErrorOf(Hosts("concurency: 2\n")),
            "lab.yaml:2: concurency: unknown key 'concurency' (known: hosts, scenarios, "
            "concurrency, image)");
  EXPECT_EQ(ErrorOf(Hosts("concurrency: 0\n")),
            "lab.yaml:2: concurrency: 0 is out of range 1..256");
  std::string dup = Hosts() + "  - name: lab-a\n    uri: qemu+ssh://lab-c/system\n";
  EXPECT_EQ(ErrorOf(dup), "lab.yaml:8: hosts[2].name: duplicate host 'lab-a' (first at line 3)");
  std::string same_uri = Hosts() + "  - name: lab-c\n    uri: qemu:///system\n";
  EXPECT_THAT(ErrorOf(same_uri), HasSubstr("lab.yaml:9: hosts[2].uri: duplicate host URI"));
  std::string bad_uri = "scenarios: [" + kScenario + "]\nhosts:\n  - {name: x, uri: lab-b}\n";
  EXPECT_EQ(ErrorOf(bad_uri),
            "lab.yaml:3: hosts[0].uri: 'lab-b' is not a URI (want SCHEME://..., e.g. "
            "qemu+ssh://user@host/system)");
  std::string host_key = "scenarios: [" + kScenario + "]\nhosts:\n  - {name: x, url: a://b}\n";
  EXPECT_THAT(ErrorOf(host_key), HasSubstr("lab.yaml:3: hosts[0].url: unknown key 'url'"));
  std::string bad_name = "scenarios: [" + kScenario + "]\nhosts:\n  - {name: ../x, uri: a://b}\n";
  EXPECT_THAT(ErrorOf(bad_name),
              HasSubstr("lab.yaml:3: hosts[0].name: '../x' is not a valid name"));
  std::string bad_label =
      "scenarios: [" + kScenario + "]\nhosts:\n  - {name: x, uri: a://b, labels: {host: y}}\n";
  EXPECT_THAT(ErrorOf(bad_label),
              HasSubstr("lab.yaml:3: hosts[0].labels.host: 'host' is not a label"));
  EXPECT_THAT(ErrorOf("hosts: []\nscenarios: [a.yaml]\n"),
              HasSubstr("lab.yaml:1: hosts: must be a non-empty list"));
  EXPECT_THAT(ErrorOf("hosts: [{name: x, uri: 'a://b'}]\nscenarios: [/nonexistent.yaml]\n"),
              HasSubstr("lab.yaml:2: scenarios[0]: /nonexistent.yaml"));
}

TEST(FleetParserTest, uri_check_wants_a_scheme_and_no_blanks) {
  for (const char* ok :
       {"qemu:///system", "qemu+ssh://u@h:22/system?keyfile=/k", "test:///default"})
    EXPECT_TRUE(LooksLikeUri(ok)) << ok;
  for (const char* bad : {"", "qemu", "://x", "1qemu://x", "qe mu://x", "qemu://a b", "qemu:/x"})
    EXPECT_FALSE(LooksLikeUri(bad)) << bad;
}

std::vector<FleetPair> PairsWithCodes(const Fleet& fleet, std::vector<int> codes) {
  std::vector<FleetPair> pairs;
  for (int code : codes) {
    FleetPair p;
    p.host = &fleet.hosts[0];
    p.scenario = &fleet.scenarios[0];
    p.exit_code = code;
    pairs.push_back(p);
  }
  return pairs;
}

TEST(FleetExitCodeTest, worst_pair_decides_by_the_documented_order) {
  const Result<Fleet> fleet = ParseFleetText(Hosts(), "lab.yaml");
  ASSERT_TRUE(fleet);
  EXPECT_EQ(FleetExitCode(PairsWithCodes(*fleet, {0, 0})), 0);
  EXPECT_EQ(FleetExitCode(PairsWithCodes(*fleet, {0, 1})), 1);
  EXPECT_EQ(FleetExitCode(PairsWithCodes(*fleet, {1, 124, 0})), 124);
  EXPECT_EQ(FleetExitCode(PairsWithCodes(*fleet, {124, 2, 1})), 2);
  EXPECT_EQ(FleetExitCode(PairsWithCodes(*fleet, {2, 74})), 74);
  EXPECT_EQ(FleetExitCode(PairsWithCodes(*fleet, {0, -1})), 1);  // a pair that never ran
}

class FleetDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("memattr-fleet-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    Result<Fleet> fleet = ParseFleetText(Hosts(), dir_ / "lab.yaml");
    ASSERT_TRUE(fleet) << fleet.error().message;
    fleet_ = *fleet;
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A results.json from the real writer, with these verdicts and final status.
  void WriteRun(const std::string& host, const std::string& status,
                const std::vector<std::pair<std::string, std::string>>& verdicts) {
    ResultsFile results;
    results.SetContext("memattr.scenario", "default");
    results.SetContext("memattr.status", status);
    for (const auto& [column, verdict] : verdicts) {
      const std::size_t slash = column.find('/');
      results.AddEvent({{"event", "verdict"},
                        {"seq", 1},
                        {"region", column.substr(0, slash)},
                        {"attribute", column.substr(slash + 1)},
                        {"inferred", "device"},
                        {"expected", "device"},
                        {"verdict", verdict}});
    }
    fs::create_directories(dir_ / host / "default");
    ASSERT_TRUE(
        WriteFileAtomically(dir_ / host / "default" / "results.json", results.ToJson().dump()));
  }

  fs::path dir_;
  Fleet fleet_;
};

TEST_F(FleetDirTest, pair_argv_runs_the_one_run_path_with_the_hosts_name_and_labels) {
  Result<std::vector<FleetPair>> pairs = PlanFleetPairs(fleet_, dir_);
  ASSERT_TRUE(pairs);
  EXPECT_THAT(PairArgv(fleet_, (*pairs)[0], "/bin/memattr-host"),
              ElementsAre("/bin/memattr-host", "run", kScenario, "--connect", "qemu:///system",
                          "--results", (dir_ / "lab-a" / "default").string(), "--host-name",
                          "lab-a", "--label", "kernel_line=a", "--label", "rack=r1"));
}

TEST_F(FleetDirTest, a_rerun_resumes_incomplete_pairs_and_keeps_finished_ones) {
  WriteRun("lab-a", "ok", {});
  WriteRun("lab-b", "incomplete", {});
  ASSERT_TRUE(WriteFileAtomically(
      dir_ / kFleetRecordFile,
      R"({"pairs": [{"host": "lab-a", "scenario": "default", "exit_code": 0, "reason": ""}]})"));
  Result<std::vector<FleetPair>> pairs = PlanFleetPairs(fleet_, dir_);
  ASSERT_TRUE(pairs);
  EXPECT_EQ((*pairs)[0].state, PairState::kFinished);
  EXPECT_TRUE((*pairs)[0].earlier);
  EXPECT_EQ((*pairs)[0].exit_code, 0);
  EXPECT_EQ((*pairs)[1].state, PairState::kIncomplete);
  EXPECT_EQ(PairArgv(fleet_, (*pairs)[1], "m").back(), "--resume");
}

TEST_F(FleetDirTest, a_pair_the_fleet_interrupted_resumes_though_its_run_wrote_an_end) {
  WriteRun("lab-a", "failed", {});
  ASSERT_TRUE(WriteFileAtomically(dir_ / kFleetRecordFile,
                                  R"({"pairs": [{"host": "lab-a", "scenario": "default",
                                      "exit_code": 1, "interrupted": true}]})"));
  Result<std::vector<FleetPair>> pairs = PlanFleetPairs(fleet_, dir_);
  ASSERT_TRUE(pairs);
  EXPECT_EQ((*pairs)[0].state, PairState::kIncomplete);
  EXPECT_FALSE((*pairs)[0].earlier);
}

TEST_F(FleetDirTest, summary_names_the_host_that_differs_from_the_majority) {
  Fleet three = fleet_;
  three.hosts.push_back(
      {.name = "lab-c", .uri = "qemu+ssh://lab-c/system", .labels = {}, .line = 9});
  WriteRun("lab-a", "ok", {{"bar0/device", "as-expected"}, {"dax0/normal-wb", "as-expected"}});
  WriteRun("lab-b", "ok", {{"bar0/device", "as-expected"}, {"dax0/normal-wb", "as-expected"}});
  WriteRun("lab-c", "ok", {{"bar0/device", "unsafe"}, {"dax0/normal-wb", "as-expected"}});
  Result<std::vector<FleetPair>> pairs = PlanFleetPairs(three, dir_);
  ASSERT_TRUE(pairs);
  const FleetSummary s = SummarizeFleet(*pairs);
  EXPECT_THAT(s.hosts, ElementsAre("lab-a", "lab-b", "lab-c"));
  EXPECT_THAT(s.columns, ElementsAre("default: bar0/device", "default: dax0/normal-wb"));
  EXPECT_EQ(s.grid.at("lab-c").at("default: bar0/device"), "unsafe");
  ASSERT_EQ(s.differences.size(), 1u);
  EXPECT_EQ(s.differences[0].host, "lab-c");
  EXPECT_EQ(s.differences[0].value, "unsafe");
  EXPECT_EQ(s.differences[0].majority, "as-expected");
  std::ostringstream printed;
  PrintFleetSummary(s, printed);
  EXPECT_THAT(printed.str(), HasSubstr("outlier hosts: lab-c"));
}

TEST_F(FleetDirTest, a_host_without_results_is_missing_not_an_outlier) {
  WriteRun("lab-a", "ok", {{"bar0/device", "as-expected"}});
  Result<std::vector<FleetPair>> pairs = PlanFleetPairs(fleet_, dir_);
  ASSERT_TRUE(pairs);
  (*pairs)[1].reason = "cannot connect";
  const FleetSummary s = SummarizeFleet(*pairs);
  EXPECT_EQ(s.missing.at("lab-b"), "default: cannot connect");
  EXPECT_TRUE(s.differences.empty());
}

// A stand-in for `memattr-host run`: writes its --results directory with a final status, then
// runs until SIGTERM (as a run does, it then ends with exit 1).
constexpr char kFakeRun[] = R"(#!/bin/sh
while [ $# -gt 0 ]; do [ "$1" = --results ] && results=$2; shift; done
mkdir -p "$results"
printf '{"context":{"memattr.status":"failed","memattr.scenario":"default"},"benchmarks":[],"memattr":{}}' > "$results/results.json"
trap 'echo interrupted; exit 1' TERM
sleep 60 & wait
)";

TEST_F(FleetDirTest, sigterm_stops_every_running_pair_and_a_rerun_resumes_them) {
  fs::create_directories(dir_);
  const fs::path fake = dir_ / "fake-run.sh";
  ASSERT_TRUE(WriteFileAtomically(fake, kFakeRun));
  fs::permissions(fake, fs::perms::owner_all);
  std::thread stopper([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    ::kill(::getpid(), SIGTERM);
  });
  const auto start = std::chrono::steady_clock::now();
  Result<std::vector<FleetPair>> pairs = RunFleet(fleet_, dir_ / "fleet", {.memattr_host = fake});
  stopper.join();
  ResetInterruptedForTesting();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  ASSERT_TRUE(pairs) << pairs.error().message;
  for (const FleetPair& p : *pairs) {
    EXPECT_TRUE(p.interrupted) << p.host->name;
    EXPECT_EQ(p.exit_code, kExitFailed) << p.host->name;
  }
  Result<std::vector<FleetPair>> again = PlanFleetPairs(fleet_, dir_ / "fleet");
  ASSERT_TRUE(again);
  for (const FleetPair& p : *again) {
    EXPECT_EQ(p.state, PairState::kIncomplete) << p.host->name;
    EXPECT_EQ(PairArgv(fleet_, p, "m").back(), "--resume");
  }
}

}  // namespace
}  // namespace memattr::host
