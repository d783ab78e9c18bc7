#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <regex>

#include "fleet_html_report.h"
#include "html_report.h"
#include "junit_report.h"
#include "run_comparison.h"
#include "svg_bar_chart.h"

namespace memattr::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Results the real writer wrote from the recorded TCG run (tests/testdata/recorded/README.md):
// "tcg-default" as recorded (all as-expected), "tcg-default-alerting" with cxl0/normal-wb unsafe
// and a wrong-data atomicity probe on bar0/normal-nc, "tcg-default-kernel-b" under a second host
// kernel.
compare::RunResults Load(const char* name) {
  auto r = compare::LoadRunResults(std::string(MEMATTR_RECORDED_RESULTS) + "/" + name);
  EXPECT_TRUE(r) << r.error().message;
  return *r;
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1))
    ++n;
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

// Every chart in `html`: the labels as drawn (title and escapes removed) and where its bars start.
struct ChartLabels {
  std::vector<std::string> labels;
  int bars_x = -1;
};
std::vector<ChartLabels> ChartsIn(const std::string& html) {
  static const std::regex label_re(
      "<text class='label'[^>]*>(?:<title>[^<]*</title>)?([^<]*)</text>");
  static const std::regex bar_re("<rect class='bar' x='([0-9]+)'");
  std::vector<ChartLabels> out;
  for (std::size_t at = html.find("<svg"); at != std::string::npos;
       at = html.find("<svg", at + 1)) {
    const std::string svg = html.substr(at, html.find("</svg>", at) - at);
    ChartLabels chart;
    for (std::sregex_iterator m(svg.begin(), svg.end(), label_re), end; m != end; ++m) {
      std::string text = (*m)[1];
      using Escape = std::pair<std::string, std::string>;
      for (const Escape& e : {Escape{"&lt;", "<"}, Escape{"&gt;", ">"}, Escape{"&amp;", "&"}})
        for (auto p = text.find(e.first); p != std::string::npos; p = text.find(e.first))
          text.replace(p, e.first.size(), e.second);
      chart.labels.push_back(text);
    }
    std::smatch bar;
    if (std::regex_search(svg, bar, bar_re)) chart.bars_x = std::stoi(bar[1]);
    out.push_back(std::move(chart));
  }
  return out;
}

// Overlap check: each label's estimated width (the estimate the chart sizes its column
// with, an upper bound of the real font's) ends at least kLabelGap before the bars.
void ExpectLabelsClearOfBars(const std::string& html) {
  for (const ChartLabels& chart : ChartsIn(html)) {
    if (chart.bars_x < 0) continue;
    for (const std::string& label : chart.labels)
      EXPECT_LE(EstimateTextWidth(label) + kLabelGap, chart.bars_x) << label;
  }
}

TEST(SvgBarChartTest, label_column_fits_the_longest_label) {
  const std::string long_label =
      "atomic_fetch_add_contended/region:bar0/attr:device-ngnrne/real_time/threads:1 *";
  BarChart chart{.title = "t", .unit = "%", .series = {"slower", "faster"}};
  chart.groups.push_back({"short", {1.0, std::nullopt}});
  chart.groups.push_back({long_label, {std::nullopt, 2.0}});
  const std::string svg = RenderSvgBarChart(chart);
  const auto charts = ChartsIn(svg);
  ASSERT_EQ(charts.size(), 1u);
  EXPECT_THAT(charts[0].labels, ::testing::ElementsAre("short", long_label));  // whole
  EXPECT_EQ(charts[0].bars_x,
            static_cast<int>(std::ceil(EstimateTextWidth(long_label))) + kLabelGap);
  ExpectLabelsClearOfBars(svg);
}

TEST(SvgBarChartTest, a_label_beyond_the_widest_column_is_cut_and_keeps_a_tooltip) {
  std::string huge;
  for (int i = 0; i < 20; ++i) huge += "region:bar" + std::to_string(i) + "×/";
  BarChart chart{.title = "t", .unit = "%", .series = {"slower"}};
  chart.groups.push_back({huge, {1.0}});
  const std::string svg = RenderSvgBarChart(chart);
  const auto charts = ChartsIn(svg);
  ASSERT_EQ(charts.size(), 1u);
  EXPECT_EQ(charts[0].bars_x, kMaxLabelColumn);
  ASSERT_EQ(charts[0].labels.size(), 1u);
  EXPECT_THAT(charts[0].labels[0], ::testing::EndsWith("…"));
  EXPECT_THAT(svg, HasSubstr("<title>" + huge + "</title>"));
  ExpectLabelsClearOfBars(svg);
}

TEST(HtmlReportTest, no_chart_label_runs_into_its_bars) {
  compare::RunResults a = Load("tcg-default-kernel-b"), b = Load("tcg-default-alerting");
  const std::string html = RenderHtmlReport(b, &a);
  ASSERT_GE(Count(html, "class='label'"), 18);
  ExpectLabelsClearOfBars(html);
}

TEST(HtmlReportTest, holds_facts_verdicts_probe_matrix_and_charts) {
  const std::string html = RenderHtmlReport(Load("tcg-default-alerting"), nullptr);
  EXPECT_THAT(html, HasSubstr("<table id='verdicts'>"));
  EXPECT_THAT(html, HasSubstr("<td class='unsafe'>unsafe</td>"));
  EXPECT_THAT(html, HasSubstr("<table id='probe-matrix'>"));
  EXPECT_THAT(html, HasSubstr("<td class='fault'>fault: SIGBUS BUS_ADRALN</td>"));
  EXPECT_THAT(html, HasSubstr("TCG: timings are emulated"));
  EXPECT_GE(Count(html, "<svg class='chart'"), 1);
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("http://www.w3.org/1999")));  // nothing external but the SVG ns
}

// Issue 20: "normal" in the inferred column is explained once, under the verdicts.
// The recorded TCG run infers "normal" (no timing under TCG separates WB from NC).
TEST(HtmlReportTest, partial_inferred_type_is_explained) {
  compare::RunResults a = Load("tcg-default");
  const std::string html = RenderHtmlReport(a, nullptr);
  EXPECT_THAT(html, HasSubstr("<td>normal</td>"));
  EXPECT_EQ(Count(html,
                  "<p class='note partial-type'>inferred <b>normal</b>: Normal memory; "
                  "Write-Back vs Non-cacheable not observed"),
            1);
  for (auto& v : a.results["memattr"]["verdicts"])
    if (v["inferred"] == "normal") v["inferred"] = "normal-wb";
  EXPECT_THAT(RenderHtmlReport(a, nullptr), Not(HasSubstr("partial-type")));
}

TEST(HtmlReportTest, baseline_section_names_the_verdict_change) {
  compare::RunResults a = Load("tcg-default-kernel-b"), b = Load("tcg-default-alerting");
  const std::string html = RenderHtmlReport(b, &a);
  EXPECT_THAT(html, HasSubstr("<table id='baseline-changes'>"));
  EXPECT_THAT(html,
              HasSubstr("<td>cxl0/normal-wb verdict</td><td>as-expected (inferred normal)</td>"
                        "<td>unsafe (inferred device)</td>"));
  EXPECT_THAT(html, HasSubstr("memattr.host_kernel"));
}

TEST(JunitReportTest, unsafe_verdict_and_unexpected_wrong_data_are_failures) {
  const std::string xml = RenderJunitXml(Load("tcg-default-alerting"));
  EXPECT_THAT(
      xml,
      HasSubstr(
          "<testsuite name='memattr.verdicts' tests='11' failures='1' errors='0' skipped='0'"));
  // 110 probes; only the wrong data on bar0/normal-nc (expected Normal) fails: the faults on
  // Device mappings are findings.
  EXPECT_THAT(xml,
              HasSubstr("<testsuite name='memattr.probes' tests='110' failures='1' errors='0'"));
  EXPECT_THAT(xml, HasSubstr("unsafe: requested normal-wb, behaves as device"));
}

// Issue 16 class 10: evidence text is untrusted (guest output, host kernel lines): control
// characters and bytes that are not UTF-8 must still give well-formed XML, as xmllint checks.
TEST(JunitReportTest, control_characters_and_bad_utf8_in_evidence_stay_well_formed_xml) {
  compare::RunResults run = Load("tcg-default");
  auto& verdict = run.results["memattr"]["verdicts"][0];
  verdict["evidence"].push_back(std::string("bell\x07 esc\x1b[31m nul\x01 bad\xff\xfe end"));
  verdict["region"] = "r\x02<&>'\"";
  const std::string xml = RenderJunitXml(run);
  EXPECT_THAT(xml, HasSubstr("bell\\x07 esc\\x1b[31m nul\\x01 bad\xef\xbf\xbd\xef\xbf\xbd end"));
  const std::string path = ::testing::TempDir() + "/junit_control_chars.xml";
  std::ofstream(path) << xml;
  EXPECT_EQ(std::system(("xmllint --noout " + path).c_str()), 0) << xml;
}

TEST(JunitReportTest, a_healthy_run_has_no_failures) {
  const std::string xml = RenderJunitXml(Load("tcg-default"));
  EXPECT_EQ(Count(xml, "<failure"), 0);
  EXPECT_EQ(Count(xml, "<testcase"), 11 + 110);  // verdicts and probes
}

}  // namespace
// Issue 18: a fleet directory's report: the grid with the outlier host marked, the outlier
// named with the majority, the host without results with its reason, every pair's exit code.
TEST(FleetHtmlReportTest, grid_outliers_missing_hosts_and_pairs) {
  const nlohmann::json fleet = {
      {"fleet", "lab.yaml"},
      {"exit_code", 2},
      {"concurrency", 3},
      {"pairs",
       {{{"host", "a"}, {"scenario", "default"}, {"exit_code", 0}, {"seconds", 40.0}},
        {{"host", "c"},
         {"scenario", "default"},
         {"exit_code", 2},
         {"reason", "cannot <connect>"}}}}};
  const nlohmann::json summary = {{"hosts", {"a", "b", "c"}},
                                  {"columns", {"default: bar0/device"}},
                                  {"grid",
                                   {{"a", {{"default: bar0/device", "as-expected"}}},
                                    {"b", {{"default: bar0/device", "unsafe"}}}}},
                                  {"missing", {{"c", "default: cannot <connect>"}}},
                                  {"outliers",
                                   {{{"host", "b"},
                                     {"scenario", "default"},
                                     {"what", "bar0/device verdict"},
                                     {"value", "unsafe"},
                                     {"majority", "as-expected"}}}}};
  const std::string html = RenderFleetHtmlReport(fleet, summary);
  EXPECT_THAT(html, HasSubstr("<th class='unsafe'>b</th>"));
  EXPECT_THAT(html, HasSubstr("<td class='unsafe'>unsafe</td>"));
  EXPECT_THAT(html, HasSubstr("<td>as-expected</td></tr></table>"));  // the majority column
  EXPECT_THAT(html, HasSubstr("no results from <b>c</b>: default: cannot &lt;connect&gt;"));
  EXPECT_THAT(html, HasSubstr("<td class='error'>2</td>"));
  EXPECT_THAT(html, Not(HasSubstr("<connect>")));
}

}  // namespace memattr::report
