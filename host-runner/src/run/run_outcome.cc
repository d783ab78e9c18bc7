#include "run/run_outcome.h"

#include <algorithm>
#include <array>

#include "results/run_summary.h"

namespace memattr::host {
namespace {

// Indexed by RunStatus.
constexpr std::array kExitCodes{kExitOk, kExitFailed, kExitBadInput, kExitWriteFailed,
                                kExitTimeout};

bool TimedOut(BootEnd end) { return end == BootEnd::kBootTimeout || end == BootEnd::kStepTimeout; }

}  // namespace

int ExitCode(RunStatus status) { return kExitCodes[static_cast<std::size_t>(status)]; }

RunStatus RunStatusOfExitCode(int code) {
  const auto it = std::find(kExitCodes.begin(), kExitCodes.end(), code);
  return it == kExitCodes.end() ? RunStatus::kFailed
                                : static_cast<RunStatus>(it - kExitCodes.begin());
}

RunStatus Worse(RunStatus a, RunStatus b) { return std::max(a, b); }

RunStatus RunStatusOf(BootEnd last, const nlohmann::json& results) {
  if (TimedOut(last)) return RunStatus::kTimeout;
  if (last != BootEnd::kCompleted) return RunStatus::kFailed;
  return ResultsAsExpected(results) ? RunStatus::kOk : RunStatus::kFailed;
}

const char* ResultsStatusOf(BootEnd last) {
  if (last == BootEnd::kCompleted) return "ok";
  return TimedOut(last) ? "timeout" : "failed";
}

RunOutcome RefusedRun(std::string why, std::filesystem::path results_dir) {
  return {.status = RunStatus::kBadInput,
          .results_dir = std::move(results_dir),
          .messages = {std::move(why)},
          .report = ""};
}

}  // namespace memattr::host
