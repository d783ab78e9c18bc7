// A fleet file (host-runner/docs/fleet_format.md): the libvirt hosts a set of scenarios runs on,
// each host's labels, and how many hosts run at once. The only fleet parser; every error is
// "FILE:LINE: FIELD: PROBLEM".
//   Result<Fleet> fleet = ParseFleetFile("lab.yaml");
//   for (const FleetHost& h : fleet->hosts) ... h.name, h.uri, h.labels ...
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "memattr/result.h"

namespace memattr::host {

struct FleetHost {
  std::string name;  // a safe name (results/path_under.h): DIR/<name>/, the `host` label
  std::string uri;   // libvirt connection URI (qemu:///system, qemu+ssh://user@host/system)
  std::map<std::string, std::string> labels;  // on every series of its runs; compare --group-by
  int line = 0;                               // where the host is named, for messages
};

struct FleetScenario {
  std::filesystem::path file;  // relative paths are relative to the fleet file
  std::string name;            // the scenario's own name: DIR/<host>/<name>/
};

struct Fleet {
  std::filesystem::path file;
  std::vector<FleetHost> hosts;
  std::vector<FleetScenario> scenarios;
  // Hosts running at once; each host runs its scenarios one after the other, so one host's
  // measurements never share it with another scenario's guest.
  int concurrency = 1;
  std::filesystem::path image;  // guest image directory on the hosts (empty: run's default)
};

Result<Fleet> ParseFleetText(std::string_view text, const std::filesystem::path& file);
Result<Fleet> ParseFleetFile(const std::filesystem::path& path);

// RFC 3986 scheme, "://", then no whitespace or control character: what libvirt's own URI
// parser needs before it can say anything more specific (it does, per host, at connect time).
bool LooksLikeUri(std::string_view text);

}  // namespace memattr::host
