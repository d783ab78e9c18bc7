// Writes a run's metrics for node_exporter's textfile collector: DIR/memattr.prom in the 0.0.4
// text format (prometheus-cpp's TextSerializer over the same registry every export builds), no
// timestamps (node_exporter refuses files with them), atomically (a temporary file renamed over
// it: a scrape never sees half a file, and "memattr.prom.tmp" is not read as *.prom).
//   Status s = WriteTextfile(run, "/var/lib/prometheus/node-exporter");
#pragma once

#include <filesystem>

#include "memattr/result.h"
#include "run_metrics.h"

namespace memattr::host_export {

inline constexpr char kTextfileName[] = "memattr.prom";

Status WriteTextfile(const RunMetrics& run, const std::filesystem::path& dir);

}  // namespace memattr::host_export
