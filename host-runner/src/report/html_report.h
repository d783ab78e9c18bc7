// A self-contained HTML qualification report of one run (no scripts, no network): facts,
// verdict table, probe matrix, charts as inline SVG, and A/B deltas against a baseline.
//   std::string html = RenderHtmlReport(run, baseline_or_null);
#pragma once

#include <string>

#include "run_comparison.h"

namespace memattr::report {

std::string RenderHtmlReport(const compare::RunResults& run, const compare::RunResults* baseline);

}  // namespace memattr::report
