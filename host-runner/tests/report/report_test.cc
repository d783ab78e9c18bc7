#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "html_report.h"
#include "junit_report.h"
#include "run_comparison.h"
#include "svg_bar_chart.h"

namespace memattr::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

compare::RunResults Load(const char* name) {
  auto r = compare::LoadRunResults(std::string(MEMATTR_REPORT_TESTDATA) + "/" + name);
  EXPECT_TRUE(r) << r.error().message;
  return *r;
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

TEST(SvgBarChartTest, draws_one_bar_per_measured_value_and_escapes_labels) {
  BarChart chart{.title = "t", .unit = "GB/s", .series = {"normal-wb", "device-ngnre"}};
  chart.groups.push_back({"read <bar0>", {10.0, 1.0}});
  chart.groups.push_back({"copy", {5.0, std::nullopt}});
  const std::string svg = RenderSvgBarChart(chart);
  EXPECT_EQ(Count(svg, "class='bar'"), 3);
  EXPECT_THAT(svg, HasSubstr("read &lt;bar0&gt;"));
  EXPECT_THAT(svg, Not(HasSubstr("<bar0>")));
}

TEST(HtmlReportTest, holds_facts_verdicts_probe_matrix_and_charts) {
  const std::string html = RenderHtmlReport(Load("run-a"), nullptr);
  EXPECT_THAT(html, HasSubstr("<table id='verdicts'>"));
  EXPECT_THAT(html, HasSubstr("<td class='degraded'>degraded</td>"));
  EXPECT_THAT(html, HasSubstr("<table id='probe-matrix'>"));
  EXPECT_THAT(html, HasSubstr("<td class='fault'>fault: SIGBUS BUS_ADRALN</td>"));
  EXPECT_THAT(html, HasSubstr("TCG: timings are emulated"));
  EXPECT_GE(Count(html, "<svg class='chart'"), 1);
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("http://www.w3.org/1999")));  // nothing external but the SVG ns
}

TEST(HtmlReportTest, baseline_section_names_the_verdict_change) {
  compare::RunResults a = Load("run-a"), b = Load("run-b");
  const std::string html = RenderHtmlReport(b, &a);
  EXPECT_THAT(html, HasSubstr("<table id='baseline-changes'>"));
  EXPECT_THAT(html, HasSubstr("<td>bar0/normal-wb verdict</td><td>degraded (inferred device)</td>"
                              "<td>as-expected (inferred normal-wb)</td>"));
  EXPECT_THAT(html, HasSubstr("memattr.host_kernel"));
}

TEST(JunitReportTest, degraded_verdict_and_unexpected_fault_are_failures) {
  const std::string xml = RenderJunitXml(Load("run-a"));
  EXPECT_THAT(xml, HasSubstr("<testsuite name='memattr.verdicts' tests='6' failures='1' errors='0' skipped='0'"));
  // 12 probes; only the fault on bar0/normal-wb (expected Normal) fails: Device faults are findings.
  EXPECT_THAT(xml, HasSubstr("<testsuite name='memattr.probes' tests='12' failures='1' errors='0'"));
  EXPECT_THAT(xml, HasSubstr("degraded: requested normal-wb, behaves as device"));
}

TEST(JunitReportTest, a_healthy_run_has_no_failures) {
  const std::string xml = RenderJunitXml(Load("run-b"));
  EXPECT_EQ(Count(xml, "<failure"), 0);
  EXPECT_EQ(Count(xml, "<testcase"), 18);
}

}  // namespace
}  // namespace memattr::report
