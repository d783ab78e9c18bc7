// The `facts` object of the run_start event: what the agent can observe about the machine it
// runs on (arch, kernel release, CPU features incl. LSE and the DC ZVA block, whether the
// memattr module is loaded, TCG/KVM/bare metal as the guest sees it).
//   nlohmann::json facts = CollectAgentFacts({.sysfs_root = "/sys"});
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "events/guest_platform.h"

namespace memattr::agent {

struct FactSources {
  std::filesystem::path sysfs_root = "/sys";
  std::filesystem::path proc_root = "/proc";
  std::filesystem::path module_device = "/dev/memattr";
};

struct AgentFacts {
  nlohmann::json json;  // the run_start `facts`
  AccelGuess accel;
  bool module_loaded = false;
};

AgentFacts CollectAgentFacts(const FactSources& sources);

}  // namespace memattr::agent
