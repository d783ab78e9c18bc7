#include "discovery/region_discovery.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "discovery/dax_discovery.h"
#include "discovery/numa_node_discovery.h"
#include "discovery/pci_bar_discovery.h"
#include "discovery/vfio_discovery.h"
#include "memattr/mapped_region.h"

namespace memattr::agent {
namespace {

DiscoveredRegion GuestRam() {
  DiscoveredRegion r;
  r.name = "ram";
  r.kind = ManifestRegionKind::kRam;
  r.spec.kind = RegionKind::kAnonymous;
  r.spec.name = "ram";
  r.notes.push_back("the guest's own RAM (anonymous memory): the Normal-WB reference");
  return r;
}

std::string PciId(std::uint16_t id) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "0x%04x", id);
  return buffer;
}

std::string Names(const std::vector<DiscoveredRegion>& found, ManifestRegionKind kind) {
  std::string out;
  for (const DiscoveredRegion& r : found)
    if (r.kind == kind) out += (out.empty() ? "" : ", ") + r.name;
  return out.empty() ? "none" : out;
}

bool MatchesPci(const DiscoveredRegion& d, const ManifestRegion& m) {
  if (d.bar != m.bar) return false;
  if (!m.pci.bdf.empty()) return d.pci_bdf == m.pci.bdf;
  return d.pci_vendor == m.pci.vendor && d.pci_device == m.pci.device;
}

bool Matches(const DiscoveredRegion& d, const ManifestRegion& m) {
  if (d.kind != m.kind) return false;
  switch (m.kind) {
    case ManifestRegionKind::kDax:
      return d.name == m.dax_device;
    case ManifestRegionKind::kCxl:
      return d.numa_node == m.numa_node;
    case ManifestRegionKind::kBar:
    case ManifestRegionKind::kVfio:
      return MatchesPci(d, m);
    case ManifestRegionKind::kRam:
      return true;
    case ManifestRegionKind::kFile:
      return false;
  }
  return false;
}

std::string LookedFor(const ManifestRegion& m) {
  switch (m.kind) {
    case ManifestRegionKind::kDax:
      return "dax device '" + m.dax_device + "'";
    case ManifestRegionKind::kCxl:
      return "memory-only NUMA node " + std::to_string(*m.numa_node);
    case ManifestRegionKind::kBar:
    case ManifestRegionKind::kVfio: {
      const std::string who =
          m.pci.bdf.empty() ? PciId(*m.pci.vendor) + ":" + PciId(*m.pci.device) : m.pci.bdf;
      return std::string(m.kind == ManifestRegionKind::kVfio ? "vfio-pci-bound " : "") + "PCI " +
             who + " BAR " + std::to_string(*m.bar);
    }
    default:
      return std::string(ToString(m.kind));
  }
}

// Creates `path` (sparse, `bytes` long) if nothing is there; true when it did.
Result<bool> CreateIfMissing(const std::filesystem::path& path, std::uint64_t bytes) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST) return false;
  if (fd < 0) return ErrnoError(path.string(), "create");
  const int rc = ::ftruncate(fd, static_cast<off_t>(bytes));
  const int err = errno;
  ::close(fd);
  if (rc != 0) return ErrnoError(path.string(), "ftruncate", err);
  return true;
}

// A `file` region: memattr writes to what it measures, so it maps a file it created itself, or
// an existing regular file the manifest says may be overwritten; anything else is refused with
// the reason (a FIFO, a directory or /dev/zero has nothing to measure).
Result<DiscoveredRegion> FileRegion(const ManifestRegion& m) {
  DiscoveredRegion r;
  r.kind = ManifestRegionKind::kFile;
  r.size_bytes = *m.size_bytes;
  r.spec.kind = RegionKind::kFile;
  r.spec.path = m.path;
  r.spec.size = *m.size_bytes;
  const Result<bool> created = CreateIfMissing(m.path, *m.size_bytes);
  if (!created) return created.error();
  r.spec.overwrite = *created || m.overwrite ? Overwrite::kYes : Overwrite::kNo;
  if (const std::string refusal = FileRegionRefusal(r.spec); !refusal.empty())
    return Error{refusal};
  r.notes.push_back("file " + m.path.string() +
                    (*created ? " (created by memattr-agent)" : " (existing; overwrite allowed)"));
  return r;
}

// A matching region from `pool`, or why none matched (including skip reasons of near misses).
Result<DiscoveredRegion> Match(const ManifestRegion& m, const DiscoveryResult& pool) {
  if (m.kind == ManifestRegionKind::kFile) return FileRegion(m);
  for (const DiscoveredRegion& d : pool.found)
    if (Matches(d, m)) return d;
  std::string why = LookedFor(m) + " not found (found " + std::string(ToString(m.kind)) + ": " +
                    Names(pool.found, m.kind) + ")";
  for (const SkippedRegion& s : pool.skipped) why += "; skipped " + s.name + ": " + s.reason;
  return Error{why};
}

// make_devdax: convert the first raw/fsdax namespace, then look again.
void ConvertNamespaceIfAsked(const ManifestRegion& m, const DiscoveryOptions& options,
                             DiscoveryResult& pool, std::vector<std::string>& notes) {
  if (!m.make_devdax || Match(m, pool)) return;
  for (const PmemNamespace& ns : DiscoverPmemNamespaces(options.sysfs_root)) {
    if (ns.mode != "raw" && ns.mode != "fsdax") continue;
    Status converted = ConvertToDevdax(ns.name, options.run_command);
    notes.push_back(converted ? "converted " + ns.name + " (" + ns.mode + ") to devdax with ndctl"
                              : "ndctl failed: " + converted.error().message);
    pool = DiscoverAll(options);
    return;
  }
  notes.push_back("make_devdax: no raw or fsdax pmem namespace under " +
                  (options.sysfs_root / "bus/nd/devices").string());
}

std::uint64_t PageBytes(const DiscoveryOptions& options) {
  if (options.page_bytes != 0) return options.page_bytes;
  const long page = sysconf(_SC_PAGESIZE);
  return page > 0 ? static_cast<std::uint64_t>(page) : 4096;
}

void CapSize(DiscoveredRegion& r, const ManifestRegion& m) {
  if (!m.size_bytes) return;
  if (r.size_bytes == 0 || *m.size_bytes < r.size_bytes) r.size_bytes = *m.size_bytes;
  r.spec.size = r.size_bytes;
}

}  // namespace

void DiscoveryResult::Append(DiscoveryResult other) {
  for (auto& r : other.found) found.push_back(std::move(r));
  for (auto& s : other.skipped) skipped.push_back(std::move(s));
}

DiscoveryResult DiscoverAll(const DiscoveryOptions& options) {
  DiscoveryResult all;
  all.found.push_back(GuestRam());
  all.Append(DiscoverDaxDevices(options.sysfs_root, options.dev_root));
  all.Append(DiscoverPciBars(options.sysfs_root));
  all.Append(DiscoverMemoryOnlyNodes(options.sysfs_root));
  return all;
}

DiscoveryResult SelectRegions(const Manifest& manifest, const DiscoveryOptions& options) {
  DiscoveryResult pool = DiscoverAll(options);
  if (!manifest.present) return SkipRegisterWindows(std::move(pool), PageBytes(options));
  DiscoveryResult selected;
  for (const ManifestRegion& m : manifest.regions) {
    std::vector<std::string> notes;
    ConvertNamespaceIfAsked(m, options, pool, notes);
    auto match = Match(m, pool);
    if (!match) {
      std::string reason = match.error().message;
      if (m.kind == ManifestRegionKind::kVfio && !m.pci.bdf.empty()) {
        const std::string why = VfioUnusableReason(options.sysfs_root, m.pci.bdf);
        if (!why.empty()) reason = LookedFor(m) + " not usable through VFIO: " + why;
      }
      for (const std::string& n : notes) reason += "; " + n;
      selected.skipped.push_back({m.name, reason});
      continue;
    }
    DiscoveredRegion r = *std::move(match);
    r.notes.insert(r.notes.begin(), "matched " + r.name + (r.name.empty() ? m.path.string() : ""));
    r.notes.insert(r.notes.end(), notes.begin(), notes.end());
    r.name = m.name;
    r.spec.name = m.name;
    r.backing = m.backing;
    CapSize(r, m);
    selected.found.push_back(std::move(r));
  }
  return selected;
}

}  // namespace memattr::agent
