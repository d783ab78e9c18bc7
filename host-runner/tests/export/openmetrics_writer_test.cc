#include "openmetrics_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <fstream>
#include <sstream>

namespace memattr::host_export {
namespace {

using testing::HasSubstr;

std::vector<prometheus::MetricFamily> Sample() {
  prometheus::Registry registry;
  prometheus::BuildGauge()
      .Name("memattr_g_seconds")
      .Help("a gauge")
      .Register(registry)
      .Add({{"region", "a\"b\\c"}})
      .Set(1.5);
  prometheus::BuildCounter()
      .Name("memattr_c_total")
      .Help("a counter")
      .Register(registry)
      .Add({})
      .Increment(3);
  return registry.Collect();
}

TEST(OpenMetricsWriterTest, counters_split_total_and_every_sample_has_the_timestamp) {
  const std::string text = ToOpenMetrics(Sample(), 1764075911.5);
  EXPECT_THAT(text, HasSubstr("# TYPE memattr_g_seconds gauge\n# HELP memattr_g_seconds a gauge\n"
                              "memattr_g_seconds{region=\"a\\\"b\\\\c\"} 1.5 1764075911.5\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE memattr_c counter\n# HELP memattr_c a counter\n"
                              "memattr_c_total 3 1764075911.5\n"));
  EXPECT_TRUE(text.ends_with("\n# EOF\n"));
}

TEST(OpenMetricsWriterTest, writes_the_file_and_names_it_on_error) {
  const auto file = std::filesystem::path(testing::TempDir()) / "om_writer_test.om";
  ASSERT_TRUE(WriteOpenMetricsFile(Sample(), 1, file));
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), ToOpenMetrics(Sample(), 1));
  const Status bad = WriteOpenMetricsFile(Sample(), 1, "/nonexistent-dir/x.om");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, HasSubstr("/nonexistent-dir/x.om.tmp: open for writing"));
}

}  // namespace
}  // namespace memattr::host_export
