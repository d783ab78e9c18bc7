// The median of a run's samples, as compare, report and export all summarise repetitions
// (Google Benchmark's `median` aggregate: the mean of the two middle values for an even count).
//   Median({3, 1, 2}) == 2;  Median({1, 2, 3, 4}) == 2.5
#pragma once

#include <vector>

namespace memattr::host {

// The median of `values`; 0 when there are none.
double Median(std::vector<double> values);

}  // namespace memattr::host
