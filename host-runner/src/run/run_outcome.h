// How a `memattr-host run` ends, the same in every mode: one status (and the one exit code
// each stands for), the results directory, the lines for stderr and the report for stdout.
// Run functions return it; only main prints it and exits with its code.
//   const RunOutcome outcome = RunScenario(options);
//   return ExitCode(outcome.status);   // 0, 1, 2, 74 or 124
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "vm/guest_supervisor.h"

namespace memattr::host {

// Ordered by exit code: Worse() of two is the larger.
enum class RunStatus {
  kOk,           // everything as expected
  kFailed,       // a verdict degraded/unsafe, a failure, or no verdict at all
  kBadInput,     // the scenario, an option or the results directory refused before any boot
  kWriteFailed,  // a results file could not be written (the run stopped there)
  kTimeout,      // the last guest timed out
};

inline constexpr int kExitOk = 0, kExitFailed = 1, kExitBadInput = 2, kExitWriteFailed = 74,
                     kExitTimeout = 124;

int ExitCode(RunStatus status);
// The status an exit code stands for (L1's nested_run_end carries its exit code); a code no
// status has is kFailed.
RunStatus RunStatusOfExitCode(int code);
RunStatus Worse(RunStatus a, RunStatus b);

// The status of a run whose last boot ended with `last`: kTimeout, kFailed when it did not
// complete, else kOk or kFailed as `results` (results.json) says.
RunStatus RunStatusOf(BootEnd last, const nlohmann::json& results);
// results.json's memattr.status for a run whose last boot ended with `last`: "ok", "timeout"
// or "failed".
const char* ResultsStatusOf(BootEnd last);

struct RunOutcome {
  RunStatus status = RunStatus::kOk;
  // The results directory the run chose: what `run` exports. Empty when it chose none (a dry
  // run, a refusal before, a nested run: each host series has its own).
  std::filesystem::path results_dir;
  std::vector<std::string> messages;  // for stderr, one line each: notes, then why it stopped
  std::string report;                 // for stdout: the summary, or the dry run's argv or XML
};

// A run refused before its first boot: kBadInput, saying why.
RunOutcome RefusedRun(std::string why, std::filesystem::path results_dir = {});

}  // namespace memattr::host
