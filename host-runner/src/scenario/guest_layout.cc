#include "scenario/guest_layout.h"

#include <cstdio>

#include "results/path_under.h"

namespace memattr::host {
namespace {

std::string Bdf(int slot) {
  char text[32];
  std::snprintf(text, sizeof text, "0000:00:%02x.0", slot);
  return text;
}

std::string Hex(int value) {
  char text[16];
  std::snprintf(text, sizeof text, "%x", value);
  return text;
}

// A limit QEMU would only enforce at start-up, reported at dry-run: "FILE:LINE: regions[i]: ...".
Error LimitError(const Scenario& s, std::size_t index, const std::string& problem) {
  return Error{s.file.string() + ":" + std::to_string(s.regions[index].line) + ": regions[" +
               std::to_string(index) + "]: " + problem};
}

bool IsHostDevice(const std::filesystem::path& p) { return p.string().rfind("/dev/", 0) == 0; }

Status PlaceFileBacking(RegionPlacement& p, const std::filesystem::path& work_dir) {
  const RegionConfig& r = *p.config;
  p.backend_id = "mem-" + r.name;
  p.backing_is_host_device = IsHostDevice(r.path);
  p.backing_file = r.path;
  p.backend_size = r.size_bytes;
  if (!r.path.empty()) return OkStatus();
  Result<std::filesystem::path> file = PathUnder(work_dir, r.name + ".img");
  if (!file) return Error{"region " + r.name + ": " + file.error().message};
  p.backing_file = *file;
  return OkStatus();
}

}  // namespace

std::string HostDeviceBacking(const std::filesystem::path& path) {
  return path.filename().string().rfind("dax", 0) == 0 ? "host-devdax" : "host-pfnmap";
}

std::string GuestVfioRegionName(const RegionConfig& region) { return region.name + "-vfio"; }

std::string GuestVfioKernelParameter(const GuestLayout& layout) {
  std::string bdfs;
  for (const RegionPlacement& p : layout.regions)
    if (p.config->guest_vfio) bdfs += (bdfs.empty() ? "" : ",") + p.guest_bdf;
  return bdfs.empty() ? "" : " memattr_init.vfio=" + bdfs;
}

Result<GuestLayout> PlanGuestLayout(const Scenario& scenario,
                                    const std::filesystem::path& work_dir) {
  GuestLayout layout;
  layout.ram_bytes = scenario.memory_bytes;
  int next_slot = kFirstDeviceSlot, next_node = 1, next_dax = 0;
  for (const RegionConfig& r : scenario.regions) {
    RegionPlacement p;
    p.config = &r;
    const bool file_backed = r.kind == BackingKind::kDax || r.kind == BackingKind::kEmulatedBar ||
                             (r.kind == BackingKind::kCxl && r.host_node < 0);
    if (file_backed)
      if (Status s = PlaceFileBacking(p, work_dir); !s) return s.error();
    switch (r.kind) {
      case BackingKind::kRam:
        break;
      case BackingKind::kDax:
        if (next_dax == kMemorySlots)
          return LimitError(scenario, layout.regions.size(),
                            "more nvdimms than the guest's " + std::to_string(kMemorySlots) +
                                " memory slots (-m ...,slots=" + std::to_string(kMemorySlots) +
                                "): " + std::to_string(kMemorySlots) + " dax regions at most");
        p.backend_size = r.size_bytes + kNvdimmLabelBytes;
        p.guest_dax_device = "dax" + std::to_string(next_dax++) + ".0";
        layout.needs_nvdimm = true;
        layout.hotplug_bytes += p.backend_size;
        break;
      case BackingKind::kCxl:
        if (r.host_node >= 0) {
          p.backend_id = "mem-" + r.name;
          p.backend_size = r.size_bytes;
        }
        p.guest_numa_node = next_node++;
        layout.needs_numa = true;
        layout.numa_bytes += r.size_bytes;
        break;
      case BackingKind::kEmulatedBar:
      case BackingKind::kVfio:
        if (next_slot > kLastDeviceSlot)
          return LimitError(scenario, layout.regions.size(),
                            "more PCI devices than the free slots on virt's root bus (0x" +
                                Hex(kFirstDeviceSlot) + "-0x" + Hex(kLastDeviceSlot) + ": " +
                                std::to_string(kLastDeviceSlot - kFirstDeviceSlot + 1) +
                                " emulated-bar and vfio regions at most)");
        p.pci_slot = next_slot++;
        p.guest_bdf = Bdf(p.pci_slot);
        layout.needs_iommu = true;
        break;
    }
    layout.regions.push_back(std::move(p));
  }
  // QEMU 10.0's vfio-pci cannot sit behind an emulated SMMUv3 ("requires iommu MAP notifier
  // which is not currently supported"): with a passed-through device the guest gets no vIOMMU
  // and reaches every BAR through sysfs.
  for (const RegionConfig& r : scenario.regions)
    if (r.kind == BackingKind::kVfio) layout.needs_iommu = false;
  return layout;
}

}  // namespace memattr::host
