// AgentOptions: everything memattr-agent's command line sets, parsed by CLI11 in one place.
//   memattr-agent [--manifest FILE] [--output PATH|-] [--sysfs-root DIR] [--listen ADDR]
#pragma once

#include <filesystem>
#include <string>

#include "memattr/result.h"

namespace memattr::agent {

struct AgentOptions {
  std::filesystem::path manifest;  // "" = fw_cfg if present, else auto-discovery
  std::string output;              // "-" stdout, a path, "" = manifest's virtio port or stdout
  std::filesystem::path sysfs_root = "/sys";
  std::filesystem::path dev_root = "/dev";
  std::filesystem::path proc_root = "/proc";
  std::filesystem::path module_device = "/dev/memattr";
  std::string listen;  // "127.0.0.1:9464": serve results as Prometheus metrics
};

// Exit code to use when parsing stops (--help: 0; bad flags: 2), or the options.
struct ParsedOptions {
  AgentOptions options;
  int exit_code = -1;  // >= 0: exit now with this code (CLI11 already printed why)
};
ParsedOptions ParseAgentOptions(int argc, char** argv);

}  // namespace memattr::agent
