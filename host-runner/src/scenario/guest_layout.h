// GuestLayout: where each scenario region appears, decided once for both consumers — the QEMU
// argv (backend ids, PCI slots, NUMA node ids) and the guest manifest (what the agent looks for).
//   Result<GuestLayout> layout = PlanGuestLayout(scenario, work_dir);
//   layout.regions[i].guest_bdf == "0000:00:08.0" for the first emulated BAR
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "memattr/result.h"
#include "scenario/scenario.h"

namespace memattr::host {

struct RegionPlacement {
  const RegionConfig* config = nullptr;
  std::string backend_id;               // -object id (dax, cxl, emulated-bar); empty for ram/vfio
  std::filesystem::path backing_file;   // file QEMU maps; empty for ram, vfio, host-node cxl
  bool backing_is_host_device = false;  // /dev/daxX.Y given by the scenario
  std::uint64_t backend_size = 0;       // bytes given to the backend (nvdimm adds the label area)
  int guest_numa_node = -1;             // cxl
  int pci_slot = -1;                    // emulated-bar, vfio: device number on pcie.0
  std::string guest_bdf;                // "0000:00:SS.0"
  std::string guest_dax_device;         // dax: "daxN.0" (N = nvdimm region index)
};

struct GuestLayout {
  std::vector<RegionPlacement> regions;  // same order as scenario.regions
  std::uint64_t ram_bytes = 0;           // node 0 (CPUs)
  std::uint64_t numa_bytes = 0;          // sum of CPU-less nodes; -m = ram + numa
  std::uint64_t hotplug_bytes = 0;       // nvdimms (maxmem must cover them)
  bool needs_nvdimm = false;
  bool needs_numa = false;
  bool needs_iommu = false;
};

inline constexpr std::uint64_t kNvdimmLabelBytes = 128 << 10;
inline constexpr int kVirtioSerialSlot = 2;
inline constexpr int kFirstDeviceSlot = 8;
inline constexpr int kLastDeviceSlot = 0x1f;  // a PCI bus has 32 device numbers
inline constexpr int kMemorySlots = 4;        // -m ...,slots=N: one per nvdimm

// What a host device backing is to the stage model: "host-devdax" for /dev/dax* (ZONE_DEVICE
// pages), else "host-pfnmap" (another character device maps with remap_pfn_range: VM_PFNMAP,
// e.g. /dev/memattr-wb).
std::string HostDeviceBacking(const std::filesystem::path& path);

// The manifest region of a guest_vfio BAR measured through VFIO: "<name>-vfio".
std::string GuestVfioRegionName(const RegionConfig& region);

// The guest init's kernel parameter naming the devices it binds to vfio-pci (guest_vfio):
// " memattr_init.vfio=0000:00:08.0,0000:00:09.0", or "" when there is none.
std::string GuestVfioKernelParameter(const GuestLayout& layout);

// Pure: no file is touched. `work_dir` is where sparse backing files will live (PathUnder: an
// Error for a region name that would leave it).
Result<GuestLayout> PlanGuestLayout(const Scenario& scenario,
                                    const std::filesystem::path& work_dir);

}  // namespace memattr::host
