#include "discovery/numa_node_discovery.h"

#include <sstream>

#include "discovery/sysfs_reader.h"

namespace memattr::agent {
namespace {

// "Node 1 MemTotal:       1048576 kB" -> bytes.
Result<std::uint64_t> MemTotalBytes(const std::filesystem::path& meminfo) {
  auto text = ReadSysfsText(meminfo);
  if (!text) return text.error();
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t at = line.find("MemTotal:");
    if (at == std::string::npos) continue;
    std::istringstream value(line.substr(at + 9));
    std::uint64_t kib = 0;
    if (value >> kib) return kib * 1024;
  }
  return Error{meminfo.string() + ": no MemTotal line"};
}

}  // namespace

DiscoveryResult DiscoverMemoryOnlyNodes(const std::filesystem::path& sysfs_root) {
  DiscoveryResult result;
  const std::filesystem::path nodes = sysfs_root / "devices/system/node";
  for (const std::string& name : ListSysfsDir(nodes)) {
    if (name.rfind("node", 0) != 0 || name.size() == 4 ||
        !std::isdigit(static_cast<unsigned char>(name[4])))
      continue;
    auto cpus = ReadSysfsText(nodes / name / "cpulist");
    if (!cpus) {
      result.skipped.push_back({name, cpus.error().message});
      continue;
    }
    if (!cpus->empty()) continue;  // has CPUs: ordinary guest RAM, measured as "ram"
    auto bytes = MemTotalBytes(nodes / name / "meminfo");
    if (!bytes) {
      result.skipped.push_back({name, bytes.error().message});
      continue;
    }
    if (*bytes == 0) {
      result.skipped.push_back({name, "no CPUs and no memory (MemTotal 0)"});
      continue;
    }
    DiscoveredRegion r;
    r.name = name;
    r.kind = ManifestRegionKind::kCxl;
    r.numa_node = std::stoi(name.substr(4));
    r.size_bytes = *bytes;
    r.notes.push_back("memory-only NUMA node, " + std::to_string(*bytes >> 20) + " MiB");
    r.spec.kind = RegionKind::kNuma;
    r.spec.name = name;
    r.spec.numa_node = r.numa_node;
    result.found.push_back(std::move(r));
  }
  return result;
}

}  // namespace memattr::agent
