// The event channel: where the agent (and a nested L1 memattr-host relaying its guest's
// events) writes the event stream. A virtio-serial port found by its name through
// <sysfs>/class/virtio-ports/vportNpM/name (no udev in the guest, so no
// /dev/virtio-ports/NAME), stdout ("-"), or a file. The caller owns the descriptor returned.
//   Result<EventDestination> d = OpenEventDestination({.virtio_port = kEventsPortName});
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "memattr/result.h"

namespace memattr::protocol {

struct DestinationRequest {
  std::string output;                      // --output: "-" = stdout, a path, "" = not given
  std::optional<std::string> virtio_port;  // from the manifest; used when output is ""
  std::filesystem::path sysfs_root = "/sys";
  std::filesystem::path dev_root = "/dev";
};

struct EventDestination {
  int fd = -1;
  bool owned = false;       // close on exit (not stdout)
  std::string description;  // "virtio port memattr.events (/dev/vport1p1)", "stdout", path
};

// /dev/vportNpM for the named port; the error lists the names that do exist.
Result<std::filesystem::path> FindVirtioPort(const std::string& name,
                                             const std::filesystem::path& sysfs_root,
                                             const std::filesystem::path& dev_root);
// --output wins; else the manifest's virtio port; else stdout.
Result<EventDestination> OpenEventDestination(const DestinationRequest& request);

}  // namespace memattr::protocol
