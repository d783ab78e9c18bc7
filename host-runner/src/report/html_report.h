// A self-contained HTML qualification report of one run (no scripts, no network): facts,
// verdict table, probe matrix, charts as inline SVG, and A/B deltas against a baseline.
//   std::string html = RenderHtmlReport(run, baseline_or_null);
#pragma once

#include <string>
#include <string_view>

#include "run_comparison.h"

namespace memattr::report {

// The reports' one style sheet (a run's and a fleet's).
std::string_view ReportStyle();
// <td class='CSS_CLASS'>TEXT</td>, both escaped; the class marks verdicts and outcomes.
std::string TableCell(const std::string& text, const std::string& css_class = "");

std::string RenderHtmlReport(const compare::RunResults& run, const compare::RunResults* baseline);

}  // namespace memattr::report
