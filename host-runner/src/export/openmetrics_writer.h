// Writes collected metric families as OpenMetrics text with one timestamp on every sample, for
// backfilling: `promtool tsdb create-blocks-from openmetrics FILE DIR` (prometheus-cpp 1.0.1
// serialises only the 0.0.4 text format, which has no `# EOF` and no counter/_total split).
//   WriteOpenMetricsFile(registry->Collect(), run.facts.end_time_seconds, "run.om");
#pragma once

#include <prometheus/metric_family.h>

#include <filesystem>
#include <string>
#include <vector>

#include "memattr/result.h"

namespace memattr::host_export {

// REQUIRES: families hold only gauges and counters (all memattr exports).
// Counters are written as family NAME (without _total) with sample NAME_total.
std::string ToOpenMetrics(const std::vector<prometheus::MetricFamily>& families,
                          double timestamp_seconds);

// Writes ToOpenMetrics() to `file` (via a temporary sibling, then rename). Errors name the file.
Status WriteOpenMetricsFile(const std::vector<prometheus::MetricFamily>& families,
                            double timestamp_seconds, const std::filesystem::path& file);

}  // namespace memattr::host_export
