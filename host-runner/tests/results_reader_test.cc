#include "results/results_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace memattr::host {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;

class ResultsReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("memattr_results_reader_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }
  fs::path dir_;
};

TEST_F(ResultsReaderTest, a_directory_means_its_results_json_and_a_file_itself) {
  EXPECT_EQ(ResultsJsonPath(dir_), dir_ / "results.json");
  Write(dir_ / "copy.txt", "{}");
  EXPECT_EQ(ResultsJsonPath(dir_ / "copy.txt"), dir_ / "copy.txt");
  EXPECT_EQ(ResultsJsonPath("/nonexistent/run"), fs::path("/nonexistent/run/results.json"));
  EXPECT_EQ(ResultsJsonPath("/nonexistent/run.json"), fs::path("/nonexistent/run.json"));
}

TEST_F(ResultsReaderTest, errors_name_the_file_and_the_problem) {
  auto doc = ReadResultsDocument(dir_);
  ASSERT_FALSE(doc);
  EXPECT_THAT(doc.error().message, HasSubstr((dir_ / "results.json").string() +
                                             ": open (not a memattr results directory)"));
  Write(dir_ / "results.json", "{not json");
  EXPECT_THAT(ReadResultsDocument(dir_).error().message, HasSubstr("results.json: not valid JSON"));
  Write(dir_ / "results.json", R"({"benchmarks": []})");
  EXPECT_THAT(ReadResultsDocument(dir_).error().message, HasSubstr(": context: missing"));
  Write(dir_ / "results.json", R"({"context": {}})");
  EXPECT_THAT(ReadResultsDocument(dir_).error().message, HasSubstr(": benchmarks: missing"));
  Write(dir_ / "results.json", R"({"context": {}, "benchmarks": []})");
  doc = ReadResultsDocument(dir_);
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->file, dir_ / "results.json");
}

TEST_F(ResultsReaderTest, measured_repetitions_leave_out_aggregates_and_errors) {
  const json results = {{"context", json::object()},
                        {"benchmarks",
                         {{{"name", "a"}, {"run_type", "iteration"}},
                          {{"name", "a_median"}, {"run_type", "aggregate"}},
                          {{"name", "b"}, {"run_type", "iteration"}, {"error_occurred", true}},
                          {{"name", "c"}}}}};  // no run_type: older Google Benchmark JSON
  const auto runs = MeasuredRepetitions(results);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ((*runs[0])["name"], "a");
  EXPECT_EQ((*runs[1])["name"], "c");
  EXPECT_TRUE(MeasuredRepetitions(json::object()).empty());
}

}  // namespace
}  // namespace memattr::host
