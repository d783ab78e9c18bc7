// Holm–Bonferroni adjusted p-values: controls the family-wise error rate over the benchmarks
// one comparison tests. compare.py tests every benchmark at alpha with no correction, so an
// A/A comparison of dozens of benchmarks flags about 5% of them by chance; `memattr-host
// compare` reports compare.py's raw p-values and bases "significant" on these instead.
//   HolmAdjust({0.01, 0.04, 0.03, 0.005}) == {0.03, 0.06, 0.06, 0.02}
//   // significant at 0.05: the first and the last
#pragma once

#include <span>
#include <vector>

namespace memattr::compare {

// Adjusted p-values in input order: with p sorted ascending, adj(i) = max over j <= i of
// min(1, (m - j + 1) p(j)) (1-based). A hypothesis is rejected at level alpha by Holm's
// step-down procedure exactly when its adjusted p-value is below alpha.
std::vector<double> HolmAdjust(std::span<const double> p_values);

}  // namespace memattr::compare
