// What every `memattr-host run` mode is given: the scenario, where results go, the image and
// QEMU to use, the launcher, this host's name and labels in a fleet, and where progress goes.
// The mode itself is the function called (run/scenario_runner.h, run/nested_host_relay.h).
//   RunOptions options{.scenario_file = "host-runner/scenarios/default.yaml"};
#pragma once

#include <filesystem>
#include <map>
#include <ostream>
#include <string>

namespace memattr::host {

inline constexpr char kDefaultImageDir[] = "build/guest-image";
inline constexpr char kDefaultAgentBinary[] = "build/aarch64/guest-agent/memattr-agent";

struct RunOptions {
  std::filesystem::path scenario_file;
  std::filesystem::path results_dir;  // empty = results/<scenario>-<UTC time>
  std::filesystem::path image_dir;    // empty = scenario's `image`, else build/guest-image
  std::filesystem::path qemu = "/usr/bin/qemu-system-aarch64";
  std::filesystem::path sysfs_root = "/sys";
  // The libvirt launcher: run each boot as a domain of this libvirt host (qemu:///system,
  // qemu+ssh://user@host/system). Empty = the direct launcher (memattr-host execs QEMU).
  // A dry run prints the domain XML instead of the argv.
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
  // Where lines go while boots run ("boot 2: starting", a crash, a withdrawn region): main
  // gives stderr; nullptr = quiet. Everything else comes back in the RunOutcome.
  std::ostream* progress = nullptr;
  bool progress_is_terminal = false;  // rewrite one status line instead of printing many
};

}  // namespace memattr::host
