#include "junit_report.h"

#include <map>
#include <optional>
#include <sstream>

#include "memattr/protocol/vocabulary.h"
#include "run_view.h"
#include "svg_bar_chart.h"

namespace memattr::report {
namespace {

enum class CaseResult { kPass, kFailure, kError, kSkipped };

struct TestCase {
  std::string classname, name, message, output;
  CaseResult result = CaseResult::kPass;
};

TestCase VerdictCase(const VerdictRow& v) {
  TestCase t{.classname = "memattr.verdict." + v.region, .name = v.attribute};
  t.output = "inferred " + v.inferred + ", expected " + v.expected + ", verdict " + v.verdict;
  for (const auto& e : v.evidence) t.output += "\nevidence: " + e;
  const std::optional<protocol::VerdictKind> verdict =
      protocol::Parse<protocol::VerdictKind>(v.verdict);
  if (verdict == protocol::VerdictKind::kDegraded || verdict == protocol::VerdictKind::kUnsafe) {
    t.result = CaseResult::kFailure;
    t.message = v.verdict + ": requested " + v.attribute + ", behaves as " + v.inferred;
  } else if (verdict != protocol::VerdictKind::kAsExpected) {
    t.result = CaseResult::kSkipped;
    t.message = v.verdict;
  }
  return t;
}

TestCase ProbeCase(const ProbeCell& p, const std::string& expected_type) {
  TestCase t{.classname = "memattr.probe." + p.region + "." + p.attribute, .name = p.probe};
  t.output = p.kind + (p.detail.empty() ? "" : ": " + p.detail);
  const bool device_expected = expected_type.rfind("device", 0) == 0;
  if (p.kind == "skipped") {
    t.result = CaseResult::kSkipped;
  } else if (p.kind == "error" || p.kind == "timeout") {
    t.result = CaseResult::kError;
  } else if (p.kind != "ok" && !device_expected) {
    t.result = CaseResult::kFailure;  // faults or wrong data where Normal memory was expected
  }
  t.message = t.output;
  return t;
}

void RenderSuite(std::ostringstream& xml, const std::string& name,
                 const std::vector<TestCase>& cases) {
  std::map<CaseResult, int> counts;
  for (const auto& c : cases) ++counts[c.result];
  xml << "  <testsuite name='" << EscapeXml(name) << "' tests='" << cases.size() << "' failures='"
      << counts[CaseResult::kFailure] << "' errors='" << counts[CaseResult::kError] << "' skipped='"
      << counts[CaseResult::kSkipped] << "' time='0'>\n";
  for (const TestCase& c : cases) {
    xml << "    <testcase classname='" << EscapeXml(c.classname) << "' name='" << EscapeXml(c.name)
        << "' time='0'>";
    if (c.result == CaseResult::kFailure)
      xml << "<failure message='" << EscapeXml(c.message) << "' type='memattr'/>";
    if (c.result == CaseResult::kError)
      xml << "<error message='" << EscapeXml(c.message) << "' type='memattr'/>";
    if (c.result == CaseResult::kSkipped)
      xml << "<skipped message='" << EscapeXml(c.message) << "'/>";
    xml << "<system-out>" << EscapeXml(c.output) << "</system-out></testcase>\n";
  }
  xml << "  </testsuite>\n";
}

}  // namespace

std::string RenderJunitXml(const compare::RunResults& run) {
  const RunView view = MakeRunView(run.results);
  std::map<std::string, std::string> expected;  // "region/attribute" → expected type
  std::vector<TestCase> verdicts, probes;
  for (const VerdictRow& v : view.verdicts) {
    verdicts.push_back(VerdictCase(v));
    expected[v.region + "/" + v.attribute] = v.expected;
  }
  for (const ProbeCell& p : view.probes)
    probes.push_back(ProbeCase(p, expected[p.region + "/" + p.attribute]));
  std::ostringstream xml;
  xml << "<?xml version='1.0' encoding='UTF-8'?>\n<testsuites name='memattr'>\n";
  RenderSuite(xml, "memattr.verdicts", verdicts);
  RenderSuite(xml, "memattr.probes", probes);
  xml << "</testsuites>\n";
  return xml.str();
}

}  // namespace memattr::report
