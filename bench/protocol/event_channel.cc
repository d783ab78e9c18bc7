#include "memattr/protocol/event_channel.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <vector>

namespace memattr::protocol {
namespace {

// The port directories under `ports`, sorted (the error message lists them in order).
std::vector<std::string> PortDirs(const std::filesystem::path& ports) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(ports, ec))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<std::string> PortName(const std::filesystem::path& name_file) {
  std::ifstream in(name_file);
  std::string name;
  if (!std::getline(in, name)) return std::nullopt;
  return name;
}

}  // namespace

Result<std::filesystem::path> FindVirtioPort(const std::string& name,
                                             const std::filesystem::path& sysfs_root,
                                             const std::filesystem::path& dev_root) {
  const std::filesystem::path ports = sysfs_root / "class/virtio-ports";
  std::string seen;
  for (const std::string& port : PortDirs(ports)) {
    const std::optional<std::string> port_name = PortName(ports / port / "name");
    if (!port_name) continue;
    if (*port_name == name) return dev_root / port;
    seen += (seen.empty() ? "" : ", ") + port + "=" + *port_name;
  }
  return Error{"virtio port '" + name + "' not found under " + ports.string() +
               " (ports: " + (seen.empty() ? "none" : seen) + ")"};
}

Result<EventDestination> OpenEventDestination(const DestinationRequest& request) {
  if (request.output == "-" || (request.output.empty() && !request.virtio_port))
    return EventDestination{STDOUT_FILENO, false, "stdout"};
  std::filesystem::path path = request.output;
  std::string description = request.output;
  int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
  if (request.output.empty()) {
    auto port = FindVirtioPort(*request.virtio_port, request.sysfs_root, request.dev_root);
    if (!port) return port.error();
    path = *port;
    description = "virtio port " + *request.virtio_port + " (" + path.string() + ")";
    flags = O_WRONLY | O_CLOEXEC;  // a character device: never create or truncate
  }
  const int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) return ErrnoError(path.string(), "open event output");
  return EventDestination{fd, true, description};
}

}  // namespace memattr::protocol
