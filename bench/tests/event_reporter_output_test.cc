// Runs real (tiny) benchmarks through EventReporter next to Google Benchmark's own JSON
// reporter and checks the measurement events carry the run records exactly as 1.7.1 writes them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/event_reporter.h"
#include "harness/tee_reporter.h"
#include "harness_test_util.h"

namespace memattr {
namespace {

using nlohmann::json;
using testing::RunBenchmarks;

void Work(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * 64);
  state.counters["stxr_failures"] = benchmark::Counter(5, benchmark::Counter::kAvgIterations);
  state.SetLabel("region_kind=anon");
}

void Broken(benchmark::State& state) {
  for (auto _ : state) {
  }
  state.SkipWithError("verify: wrong-data(expected 8, got 7: checksum)");
}

class EventReporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    benchmark::ClearRegisteredBenchmarks();
    benchmark::RegisterBenchmark("stream_fake/region:r0/attr:normal-nc", Work)
        ->Threads(1)
        ->UseRealTime();
    benchmark::RegisterBenchmark("broken/region:r0/attr:device-ngnre", Broken)
        ->Threads(1)
        ->UseRealTime();
  }
  void TearDown() override { benchmark::ClearRegisteredBenchmarks(); }

  // Runs with GB's JSON reporter and ours side by side; returns GB's "benchmarks" array.
  json Run(std::vector<std::string> flags) {
    std::ostringstream gb_json;
    benchmark::JSONReporter json_reporter;
    json_reporter.SetOutputStream(&gb_json);
    EventReporter events(sink_);
    TeeReporter tee({&json_reporter, &events});
    RunBenchmarks(std::move(flags), tee);
    errors_ = events.runs_with_error();
    return json::parse(gb_json.str()).at("benchmarks");
  }

  MemorySink sink_;
  int errors_ = 0;
};

TEST_F(EventReporterTest, one_measurement_event_per_run_with_our_name_parts) {
  Run({"--benchmark_repetitions=3"});
  const auto& events = sink_.events();
  // 3 repetitions + mean, median, stddev, cv; errored runs get no aggregates.
  ASSERT_EQ(events.size(), (3u + 4u) + 3u);
  const json& first = events.front();
  EXPECT_EQ(first.at("schema"), kEventSchema);
  EXPECT_EQ(first.at("event"), "measurement");
  EXPECT_EQ(first.at("kernel"), "stream_fake");
  EXPECT_EQ(first.at("region"), "r0");
  EXPECT_EQ(first.at("attribute"), "normal-nc");
  EXPECT_EQ(first.at("threads"), 1);
  const json& run = first.at("run");
  EXPECT_EQ(run.at("name"), "stream_fake/region:r0/attr:normal-nc/real_time/threads:1");
  EXPECT_EQ(run.at("run_type"), "iteration");
  EXPECT_EQ(run.at("repetitions"), 3);
  EXPECT_EQ(run.at("repetition_index"), 0);
  EXPECT_EQ(run.at("time_unit"), "ns");
  EXPECT_GT(run.at("bytes_per_second").get<double>(), 0.0);
  EXPECT_GT(run.at("iterations").get<std::int64_t>(), 0);
  EXPECT_EQ(run.at("label"), "region_kind=anon");
  const json& mean = events.at(3).at("run");
  EXPECT_EQ(mean.at("name"), "stream_fake/region:r0/attr:normal-nc/real_time/threads:1_mean");
  EXPECT_EQ(mean.at("run_type"), "aggregate");
  EXPECT_EQ(mean.at("aggregate_name"), "mean");
  EXPECT_FALSE(mean.contains("repetition_index"));
}

TEST_F(EventReporterTest, run_records_match_google_benchmarks_json_field_for_field) {
  const json gb = Run({"--benchmark_repetitions=2"});
  const auto& events = sink_.events();
  ASSERT_EQ(gb.size(), events.size());
  for (std::size_t i = 0; i < gb.size(); ++i) {
    const json& ours = events[i].at("run");
    ASSERT_EQ(ours.size(), gb[i].size()) << gb[i].dump() << "\nvs\n" << ours.dump();
    for (const auto& [key, value] : gb[i].items()) {
      ASSERT_TRUE(ours.contains(key)) << key;
      if (value.is_number_float()) {
        EXPECT_NEAR(ours.at(key).get<double>(), value.get<double>(),
                    1e-12 * std::abs(value.get<double>()))
            << key << " of " << gb[i].dump();
      } else {
        EXPECT_EQ(ours.at(key), value) << key;
      }
    }
  }
}

TEST_F(EventReporterTest, errored_run_carries_error_occurred_and_message) {
  Run({"--benchmark_filter=broken"});
  ASSERT_EQ(sink_.events().size(), 1u);
  const json& run = sink_.events()[0].at("run");
  EXPECT_EQ(run.at("error_occurred"), true);
  EXPECT_EQ(run.at("error_message"), "verify: wrong-data(expected 8, got 7: checksum)");
  EXPECT_EQ(sink_.events()[0].at("attribute"), "device-ngnre");
  EXPECT_EQ(errors_, 1);
}

TEST_F(EventReporterTest, foreign_names_still_report_the_run_without_name_parts) {
  benchmark::RegisterBenchmark("BM_plain", Work);
  Run({"--benchmark_filter=BM_plain"});
  ASSERT_EQ(sink_.events().size(), 1u);
  EXPECT_FALSE(sink_.events()[0].contains("kernel"));
  EXPECT_EQ(sink_.events()[0].at("run").at("name"), "BM_plain");
}

}  // namespace
}  // namespace memattr
