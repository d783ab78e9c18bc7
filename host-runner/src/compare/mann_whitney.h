// Two-sided Mann–Whitney U test, computed as SciPy's mannwhitneyu(alternative='two-sided',
// method='auto') does — the test Google Benchmark's compare.py uses — so that
// `memattr-host compare` and compare.py give the same p-value for the same JSON.
//   MannWhitneyResult r = MannWhitneyU({1.0, 1.1, 0.9}, {2.0, 2.1, 1.9});  // r.p_value == 0.1
#pragma once

#include <span>

namespace memattr::compare {

struct MannWhitneyResult {
  double u1 = 0;       // U statistic of the first sample
  double p_value = 1;  // two-sided
  bool exact = false;  // exact distribution (small samples, no ties) or normal approximation
};

// REQUIRES: both samples non-empty.
MannWhitneyResult MannWhitneyU(std::span<const double> a, std::span<const double> b);

}  // namespace memattr::compare
