#include "vm/qemu_command.h"

#include <cstdio>

#include "memattr/protocol/schema_ids.h"

namespace memattr::host {
namespace {

using Argv = std::vector<std::string>;

void Add(Argv& argv, std::initializer_list<std::string> items) {
  argv.insert(argv.end(), items.begin(), items.end());
}

std::string MachineOptions(const GuestLayout& layout) {
  std::string m = "virt,gic-version=3";
  if (layout.needs_nvdimm) m += ",nvdimm=on";
  if (layout.needs_iommu) m += ",iommu=smmuv3";
  return m;
}

// -m covers node 0 and the CPU-less nodes; nvdimms are hotplugged memory, beyond -m.
std::string MemoryOptions(const GuestLayout& layout) {
  const std::uint64_t boot = layout.ram_bytes + layout.numa_bytes;
  std::string m = QemuSize(boot);
  if (!layout.needs_nvdimm) return m;
  const std::uint64_t gib = 1ull << 30;
  const std::uint64_t maxmem = (boot + layout.hotplug_bytes + 2 * gib - 1) / gib * gib;
  return m + ",slots=" + std::to_string(kMemorySlots) + ",maxmem=" + std::to_string(maxmem / gib) +
         "G";
}

void AddNuma(Argv& argv, const Scenario& s, const GuestLayout& layout) {
  if (!layout.needs_numa) return;
  Add(argv, {"-object", "memory-backend-ram,id=mem-node0,size=" + QemuSize(layout.ram_bytes),
             "-numa", "node,nodeid=0,cpus=0-" + std::to_string(s.smp - 1) + ",memdev=mem-node0"});
  for (const RegionPlacement& p : layout.regions) {
    if (p.guest_numa_node < 0) continue;
    const RegionConfig& r = *p.config;
    const std::string backend =
        r.host_node >= 0 ? "memory-backend-ram,id=" + QemuOptionValue(p.backend_id) +
                               ",size=" + QemuSize(p.backend_size) +
                               ",host-nodes=" + std::to_string(r.host_node) + ",policy=bind"
                         : QemuFileBackend(p);
    Add(argv, {"-object", backend, "-numa",
               "node,nodeid=" + std::to_string(p.guest_numa_node) +
                   ",memdev=" + QemuOptionValue(p.backend_id)});
  }
}

void AddDevices(Argv& argv, const GuestLayout& layout) {
  for (const RegionPlacement& p : layout.regions) {
    const RegionConfig& r = *p.config;
    const std::string addr = ",bus=pcie.0,addr=0x" + [&] {
      char hex[8];
      std::snprintf(hex, sizeof hex, "%x", p.pci_slot);
      return std::string(hex);
    }();
    if (r.kind == BackingKind::kDax)
      Add(argv, {"-object", QemuFileBackend(p), "-device",
                 "nvdimm,id=" + QemuOptionValue("nv-" + r.name) +
                     ",memdev=" + QemuOptionValue(p.backend_id) + ",label-size=128K"});
    else if (r.kind == BackingKind::kEmulatedBar)
      Add(argv, {"-object", QemuFileBackend(p), "-device",
                 "ivshmem-plain,id=" + QemuOptionValue(r.name) +
                     ",memdev=" + QemuOptionValue(p.backend_id) + addr});
    else if (r.kind == BackingKind::kVfio)
      Add(argv, {"-device", "vfio-pci,id=" + QemuOptionValue(r.name) +
                                ",host=" + QemuOptionValue(r.host_bdf) + addr});
  }
}

void AddChannels(Argv& argv, const QemuPaths& paths) {
  // -serial file:PATH is not an option list: QEMU takes everything after "file:" as the path.
  Add(argv,
      {"-serial", "file:" + paths.console_log.string(), "-fw_cfg",
       std::string("name=") + kManifestFwCfgName +
           ",file=" + QemuOptionValue(paths.manifest.string()),
       "-device",
       "virtio-serial-pci,id=vser0,bus=pcie.0,addr=0x" + std::to_string(kVirtioSerialSlot),
       "-chardev",
       "socket,id=events0,path=" + QemuOptionValue(paths.events_socket.string()) +
           ",server=on,wait=off",
       "-device", std::string("virtserialport,chardev=events0,name=") + protocol::kEventsPortName});
}

}  // namespace

std::string QemuFileBackend(const RegionPlacement& p) {
  std::string o = "memory-backend-file,id=" + QemuOptionValue(p.backend_id) +
                  ",share=on,mem-path=" + QemuOptionValue(p.backing_file.string()) +
                  ",size=" + QemuSize(p.backend_size);
  if (p.config->kind == BackingKind::kDax || p.backing_is_host_device) o += ",align=2M";
  // pmem=on only for an nvdimm on a host DAX device: QEMU deprecates it for non-DAX files, and
  // a QEMU built without libpmem (Debian's arm64 one, inside a nested host) refuses it.
  if (p.backing_is_host_device && p.config->kind == BackingKind::kDax) o += ",pmem=on";
  return o;
}

std::string QemuSize(std::uint64_t bytes) {
  if (bytes % (1 << 20) == 0) return std::to_string(bytes >> 20) + "M";
  if (bytes % (1 << 10) == 0) return std::to_string(bytes >> 10) + "K";
  return std::to_string(bytes) + "B";
}

std::string QemuOptionValue(std::string_view value) {
  std::string out;
  for (char c : value) {
    out += c;
    if (c == ',') out += ',';
  }
  return out;
}

std::vector<std::string> BuildQemuArgv(const Scenario& scenario, const GuestLayout& layout,
                                       const AccelProfile& accel, const QemuPaths& paths) {
  Argv argv{paths.binary.string()};
  Add(argv, {"-machine", MachineOptions(layout), "-accel", accel.name, "-cpu", accel.cpu, "-smp",
             std::to_string(scenario.smp), "-m", MemoryOptions(layout)});
  AddNuma(argv, scenario, layout);
  AddDevices(argv, layout);
  if (scenario.uefi) Add(argv, {"-bios", paths.firmware.string()});
  Add(argv, {"-kernel", paths.kernel.string(), "-initrd", paths.initrd.string(), "-append",
             paths.kernel_append + GuestVfioKernelParameter(layout)});
  Add(argv, {"-nic", "none", "-display", "none", "-monitor", "none", "-no-reboot"});
  AddChannels(argv, paths);
  argv.insert(argv.end(), scenario.qemu_extra.begin(), scenario.qemu_extra.end());
  return argv;
}

}  // namespace memattr::host
