// `memattr-host run`: scenario -> checks -> guest boot(s) -> results directory -> summary.
// Restarts a crashed or hung guest with a manifest that skips the cells already started
// (including the one that crashed it) until the matrix is done or max_restarts is reached.
//   int code = RunScenarioCommand({.scenario_file = "host-runner/scenarios/default.yaml"});
#pragma once

#include <filesystem>
#include <map>
#include <ostream>
#include <string>

namespace memattr::host {

struct RunOptions {
  std::filesystem::path scenario_file;
  std::filesystem::path results_dir;  // empty = results/<scenario>-<UTC time>
  std::filesystem::path image_dir;    // empty = scenario's `image`, else build/guest-image
  std::filesystem::path qemu = "/usr/bin/qemu-system-aarch64";
  std::filesystem::path sysfs_root = "/sys";
  bool dry_run = false;
  // The libvirt launcher: run each boot as a domain of this libvirt host (qemu:///system,
  // qemu+ssh://user@host/system). Empty = the direct launcher (memattr-host execs QEMU).
  // With dry_run: print the domain XML instead of the argv.
  std::string connect_uri;
  // Continue the run already in results_dir (its events.jsonl): later boots skip the cells it
  // started and infer from its evidence too. Without it a non-empty results_dir is refused.
  bool resume = false;
  // This host's name in a fleet (memattr.fleet_host): the `host` label of the run's metrics,
  // in place of the machine's host name. Empty: the machine's.
  std::string host_name;
  // The host's labels (fleet file, or a lab's job script), added to the scenario's `labels`:
  // on every exported series. A key the scenario also sets is bad input.
  std::map<std::string, std::string> host_labels;
  // Inside a nested run's emulated host (L1): ignore `nested`, run the guest with KVM, and
  // relay every event and results.json to L0 through the virtio port `relay_port`.
  bool as_nested_host = false;
  std::string relay_port;
  std::ostream* out = nullptr;  // summary / dry-run argv (stdout)
  std::ostream* err = nullptr;  // errors and progress (stderr)
};

// Exit codes: 0 all as expected, 1 a verdict degraded/unsafe or a failure, 2 bad input (or a
// results directory another run holds or that is not empty), 74 a results file could not be
// written (the run stopped there), 124 the last guest timed out.
inline constexpr char kDefaultImageDir[] = "build/guest-image";
inline constexpr char kDefaultAgentBinary[] = "build/aarch64/guest-agent/memattr-agent";

inline constexpr int kExitOk = 0, kExitFailed = 1, kExitBadInput = 2, kExitWriteFailed = 74,
                     kExitTimeout = 124;

// Runs (or with dry_run, validates and prints the argv); returns the exit code.
// `results_dir_used` (optional) receives the results directory actually written.
int RunScenarioCommand(const RunOptions& options,
                       std::filesystem::path* results_dir_used = nullptr);

}  // namespace memattr::host
