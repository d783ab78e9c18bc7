#include "harness/tee_reporter.h"

#include <utility>

namespace memattr {

TeeReporter::TeeReporter(std::vector<benchmark::BenchmarkReporter*> reporters)
    : reporters_(std::move(reporters)) {
  if (reporters_.empty()) return;
  SetOutputStream(&reporters_.front()->GetOutputStream());
  SetErrorStream(&reporters_.front()->GetErrorStream());
}

bool TeeReporter::ReportContext(const Context& context) {
  bool all = true;
  for (benchmark::BenchmarkReporter* r : reporters_) all = r->ReportContext(context) && all;
  return all;
}

void TeeReporter::ReportRuns(const std::vector<Run>& runs) {
  for (benchmark::BenchmarkReporter* r : reporters_) r->ReportRuns(runs);
}

void TeeReporter::Finalize() {
  for (benchmark::BenchmarkReporter* r : reporters_) r->Finalize();
}

}  // namespace memattr
