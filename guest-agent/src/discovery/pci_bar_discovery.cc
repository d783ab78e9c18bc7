#include "discovery/pci_bar_discovery.h"

#include <sstream>

#include "discovery/sysfs_reader.h"
#include "discovery/vfio_discovery.h"

namespace memattr::agent {
namespace {

struct PciDevice {
  std::filesystem::path dir;
  std::string bdf, driver;
  std::uint16_t vendor = 0, device = 0;
};

Result<PciDevice> ReadPciDevice(const std::filesystem::path& dir) {
  PciDevice d{dir, dir.filename().string(), SysfsLinkName(dir / "driver")};
  auto vendor = ReadSysfsNumber(dir / "vendor");
  if (!vendor) return vendor.error();
  auto device = ReadSysfsNumber(dir / "device");
  if (!device) return device.error();
  d.vendor = static_cast<std::uint16_t>(*vendor);
  d.device = static_cast<std::uint16_t>(*device);
  return d;
}

std::string Hex(std::uint64_t v) {
  std::ostringstream s;
  s << "0x" << std::hex << v;
  return s.str();
}

DiscoveredRegion BarRegion(const PciDevice& d, int bar, const PciResourceLine& line) {
  DiscoveredRegion r;
  r.name = d.bdf + "/bar" + std::to_string(bar);
  r.kind = ManifestRegionKind::kBar;
  r.size_bytes = line.size();
  r.physical_address = line.start;
  r.prefetchable = (line.flags & kIoResourcePrefetch) != 0;
  r.driver = d.driver;
  r.pci_vendor = d.vendor;
  r.pci_device = d.device;
  r.pci_bdf = d.bdf;
  r.bar = bar;
  r.notes.push_back(std::string((line.flags & kIoResourceMem64) ? "64-bit" : "32-bit") +
                    (r.prefetchable ? " prefetchable" : " non-prefetchable") + " @" +
                    Hex(line.start));
  r.spec.kind = RegionKind::kPciResource;
  r.spec.name = r.name;
  r.spec.path = d.dir / ("resource" + std::to_string(bar));
  r.spec.size = line.size();
  return r;
}

void AddDeviceBars(const PciDevice& d, const std::vector<PciResourceLine>& lines,
                   const std::filesystem::path& sysfs_root, DiscoveryResult& result) {
  for (int bar = 0; bar < 6 && bar < static_cast<int>(lines.size()); ++bar) {
    const PciResourceLine& line = lines[static_cast<std::size_t>(bar)];
    if (!line.is_memory()) continue;  // unused or I/O port BARs are not memory: no entry at all
    DiscoveredRegion r = BarRegion(d, bar, line);
    if (d.driver == "vfio-pci") {
      // The same memory two ways: sysfs/module (the BAR) and vfio-pci's own mapping.
      DiscoveredRegion vfio = MakeVfioRegion(r, sysfs_root);
      r.notes.push_back("bound to vfio-pci: reachable through sysfs and through VFIO");
      result.found.push_back(std::move(r));
      const std::string unusable = VfioUnusableReason(sysfs_root, d.bdf);
      if (unusable.empty())
        result.found.push_back(std::move(vfio));
      else
        result.skipped.push_back({vfio.name, unusable});
    } else if (!d.driver.empty()) {
      result.skipped.push_back({r.name, "bound to driver '" + d.driver +
                                            "': its registers are not ours to write (unbind it, or "
                                            "bind vfio-pci)"});
    } else {
      result.found.push_back(std::move(r));
    }
  }
}

}  // namespace

Result<std::vector<PciResourceLine>> ParsePciResourceFile(const std::string& text) {
  std::vector<PciResourceLine> lines;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    PciResourceLine r;
    fields >> std::hex >> r.start >> r.end >> r.flags;
    if (fields.fail())
      return Error{"line " + std::to_string(number) + ": expected 'start end flags', got \"" +
                   line + "\""};
    lines.push_back(r);
  }
  return lines;
}

bool IsRegisterWindow(const DiscoveredRegion& region, std::uint64_t page_bytes) {
  const bool pci_bar =
      region.kind == ManifestRegionKind::kBar || region.kind == ManifestRegionKind::kVfio;
  return pci_bar && !region.prefetchable && region.size_bytes < page_bytes;
}

DiscoveryResult SkipRegisterWindows(DiscoveryResult result, std::uint64_t page_bytes) {
  DiscoveryResult kept;
  kept.skipped = std::move(result.skipped);
  for (DiscoveredRegion& r : result.found) {
    if (!IsRegisterWindow(r, page_bytes)) {
      kept.found.push_back(std::move(r));
      continue;
    }
    kept.skipped.push_back({r.name, "register BAR smaller than a page: not memory under test (" +
                                        std::to_string(r.size_bytes) +
                                        " bytes, non-prefetchable, page " +
                                        std::to_string(page_bytes) +
                                        " bytes; name it in a manifest to "
                                        "measure it anyway)"});
  }
  return kept;
}

DiscoveryResult DiscoverPciBars(const std::filesystem::path& sysfs_root) {
  DiscoveryResult result;
  const std::filesystem::path devices = sysfs_root / "bus/pci/devices";
  for (const std::string& bdf : ListSysfsDir(devices)) {
    auto device = ReadPciDevice(devices / bdf);
    auto text = ReadSysfsText(devices / bdf / "resource");
    if (!device || !text) {
      result.skipped.push_back({bdf, !device ? device.error().message : text.error().message});
      continue;
    }
    auto lines = ParsePciResourceFile(*text);
    if (!lines) {
      result.skipped.push_back(
          {bdf, (devices / bdf / "resource").string() + ": " + lines.error().message});
      continue;
    }
    AddDeviceBars(*device, *lines, sysfs_root, result);
  }
  return result;
}

}  // namespace memattr::agent
