#include "vm/nested_host_command.h"

#include "memattr/protocol/schema_ids.h"
#include "scenario/guest_layout.h"
#include "vm/qemu_command.h"

namespace memattr::host {

std::string NestedHostCpu(const std::string& cpu) {
  return cpu == "max" ? "max,pauth-impdef=on" : cpu;
}

std::vector<std::string> BuildNestedHostArgv(const NestedHostConfig& n,
                                             const NestedHostPaths& paths) {
  const bool dax = n.dax_bytes > 0, vfio = n.vfio_bar_bytes > 0;
  std::vector<std::string> argv{paths.binary.string(),
                                "-machine",
                                std::string("virt,gic-version=3,virtualization=on") +
                                    (dax ? ",nvdimm=on" : "") + (vfio ? ",iommu=smmuv3" : ""),
                                "-accel",
                                "tcg",
                                "-cpu",
                                NestedHostCpu(n.cpu),
                                "-smp",
                                std::to_string(n.smp)};
  if (!dax) {
    argv.insert(argv.end(), {"-m", QemuSize(n.memory_bytes)});
  } else {
    const std::uint64_t gib = 1ull << 30, backend = n.dax_bytes + kNvdimmLabelBytes;
    const std::uint64_t maxmem = (n.memory_bytes + backend + 2 * gib - 1) / gib * gib;
    argv.insert(argv.end(), {"-m",
                             QemuSize(n.memory_bytes) + ",slots=" + std::to_string(kMemorySlots) +
                                 ",maxmem=" + std::to_string(maxmem / gib) + "G",
                             "-object",
                             "memory-backend-file,id=mem-l1dax,share=on,mem-path=" +
                                 QemuOptionValue(paths.dax_file.string()) +
                                 ",size=" + QemuSize(backend) + ",align=2M",
                             "-device", "nvdimm,id=nv-l1dax,memdev=mem-l1dax,label-size=128K"});
  }
  const auto ivshmem = [&](const std::string& id, const std::filesystem::path& file,
                           std::uint64_t bytes, const char* addr) {
    argv.insert(argv.end(),
                {"-object",
                 "memory-backend-file,id=mem-" + id + ",share=on,mem-path=" +
                     QemuOptionValue(file.string()) + ",size=" + QemuSize(bytes),
                 "-device",
                 "ivshmem-plain,id=bar-" + id + ",memdev=mem-" + id + ",bus=pcie.0,addr=" + addr});
  };
  if (n.pfnmap_bytes > 0) ivshmem("l1pfn", paths.pfnmap_file, n.pfnmap_bytes, kL1PfnmapAddr);
  if (vfio) ivshmem("l1vfio", paths.vfio_file, n.vfio_bar_bytes, kL1VfioAddr);
  argv.insert(argv.end(),
              {"-bios",
               paths.firmware.string(),
               "-kernel",
               paths.kernel.string(),
               "-initrd",
               paths.initrd.string(),
               "-append",
               "console=ttyAMA0 panic=-1",
               "-nic",
               "none",
               "-display",
               "none",
               "-monitor",
               "none",
               "-no-reboot",
               "-serial",
               "file:" + paths.console_log.string(),
               "-fw_cfg",
               std::string("name=") + kScenarioFwCfgName +
                   ",file=" + QemuOptionValue(paths.scenario.string()),
               "-device",
               "virtio-serial-pci,id=vser0",
               "-chardev",
               "socket,id=events0,path=" + QemuOptionValue(paths.events_socket.string()) +
                   ",server=on,wait=off",
               "-device",
               std::string("virtserialport,chardev=events0,name=") + protocol::kEventsPortName});
  return argv;
}

}  // namespace memattr::host
