// libFuzzer target: a results.json (untrusted: any file given to report/compare/openmetrics/
// push) through the one reader, then every consumer that reads its records: the run summary
// and exit code, the Prometheus metrics, and a comparison with itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "export/run_metrics.h"
#include "results/results_reader.h"
#include "results/run_summary.h"
#include "run_comparison.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = memattr::host::ParseResultsDocument(text, "fuzz/results.json");
  if (!doc) return 0;
  (void)memattr::host::RenderRunSummary(doc->json);
  (void)memattr::host::ResultsAsExpected(doc->json);
  (void)memattr::host_export::ParseRunMetrics(doc->json, "fuzz/results.json");
  const memattr::compare::RunResults run{"fuzz/results.json", doc->json};
  (void)memattr::compare::CompareRuns(run, run, {});
  return 0;
}
