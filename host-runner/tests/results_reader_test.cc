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
  EXPECT_THAT(ReadResultsDocument(dir_).error().message,
              HasSubstr("results.json:1: not valid JSON"));
  Write(dir_ / "results.json", R"({"benchmarks": []})");
  EXPECT_THAT(ReadResultsDocument(dir_).error().message, HasSubstr(": context: missing"));
  Write(dir_ / "results.json", R"({"context": {}})");
  EXPECT_THAT(ReadResultsDocument(dir_).error().message, HasSubstr(": benchmarks: missing"));
  Write(dir_ / "results.json", R"({"context": {}, "benchmarks": []})");
  doc = ReadResultsDocument(dir_);
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->file, dir_ / "results.json");
}

// Issue 16, class 5: one wrongly typed field aborted report/compare/openmetrics with an uncaught
// nlohmann::type_error (exit 134). The one reader now names the file and the field instead.
TEST_F(ResultsReaderTest, a_wrongly_typed_field_is_an_error_naming_the_field) {
  const std::string valid = R"({"context": {"memattr.scenario": "s"}, "benchmarks": [
      {"name": "k", "real_time": 1, "memattr_threads": 1}],
      "memattr": {"probes": [{"region": "r", "outcome": {"kind": "ok"}}],
                  "verdicts": [{"region": "r", "verdict": "as-expected"}],
                  "failures": [{"boot": 1, "step": "boot", "reason": "x"}]}})";
  Write(dir_ / "results.json", valid);
  ASSERT_TRUE(ReadResultsDocument(dir_)) << ReadResultsDocument(dir_).error().message;
  const std::pair<std::string, std::string> cases[] = {
      {R"("memattr_threads": 1)", R"("memattr_threads": "x")"},
      {R"("kind": "ok")", R"("kind": 7)"},
      {R"("verdict": "as-expected")", R"("verdict": ["as-expected"])"},
      {R"("boot": 1)", R"("boot": "one")"},
      {R"("memattr.scenario": "s")", R"("memattr.scenario": {"x": 1})"},
      {R"("real_time": 1)", R"("real_time": "fast")"}};
  const char* fields[] = {"benchmarks[0].memattr_threads: expected integer, got string",
                          "memattr.probes[0].outcome.kind: expected string, got number",
                          "memattr.verdicts[0].verdict: expected string, got array",
                          "memattr.failures[0].boot: expected integer, got string",
                          "context.memattr.scenario: expected string, number, boolean or null",
                          "benchmarks[0].real_time: expected number, got string"};
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    std::string text = valid;
    text.replace(text.find(cases[i].first), cases[i].first.size(), cases[i].second);
    Write(dir_ / "results.json", text);
    const auto doc = ReadResultsDocument(dir_);
    ASSERT_FALSE(doc) << text;
    EXPECT_THAT(doc.error().message, HasSubstr("results.json: " + std::string(fields[i])));
  }
  Write(dir_ / "results.json", R"({"context": {}, "benchmarks": )" + std::string(100000, '[') +
                                   std::string(100000, ']') + "}");
  EXPECT_THAT(ReadResultsDocument(dir_).error().message, HasSubstr("nested deeper than 64"));
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
