// JUnit XML of one run, so CI systems show qualification results natively: one test case
// per region × attribute verdict and one per probe outcome.
//   as-expected → pass, degraded/unsafe → failure, inconclusive → skipped;
//   a probe passes when its outcome is what the expected type allows (a fault on a mapping
//   expected to be Device is the finding, not a failure), errors and timeouts are errors.
#pragma once

#include <string>

#include "run_comparison.h"

namespace memattr::report {

std::string RenderJunitXml(const compare::RunResults& run);

}  // namespace memattr::report
