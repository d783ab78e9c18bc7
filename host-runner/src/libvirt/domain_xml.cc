#include "libvirt/domain_xml.h"

#include <cstdio>
#include <sstream>

#include "memattr/protocol/schema_ids.h"
#include "svg_bar_chart.h"  // EscapeXml
#include "vm/qemu_command.h"

namespace memattr::host {
namespace {

using report::EscapeXml;

std::string Attr(const std::filesystem::path& p) { return EscapeXml(p.string()); }
std::string KiB(std::uint64_t bytes) { return std::to_string(bytes >> 10); }

std::string PciAddress(int slot) {
  char text[96];
  std::snprintf(text, sizeof text,
                "<address type='pci' domain='0x0000' bus='0x00' slot='0x%02x' function='0x0'/>",
                slot);
  return text;
}

// What the renderer builds up: the XML body and the <qemu:commandline> arguments.
struct Domain {
  std::ostringstream devices;
  std::vector<std::string> qemu_args;
  DomainXml out;
};

// -cpu MODEL,PROP=V,... : the model natively, each property as -global on the CPU's QOM type
// (libvirt has no aarch64 feature name for e.g. pauth-impdef). `numa` goes inside <cpu>.
std::string CpuElement(const AccelProfile& accel, const std::string& numa, Domain& d) {
  std::stringstream props(accel.cpu);
  std::string model, prop;
  std::getline(props, model, ',');
  while (std::getline(props, prop, ',')) {
    d.qemu_args.insert(d.qemu_args.end(), {"-global", model + "-arm-cpu." + prop});
    d.out.passthrough.push_back("cpu: -cpu " + model + " property " + prop);
  }
  const std::string open = model == "host"  ? "<cpu mode='host-passthrough' check='none'"
                           : model == "max" ? "<cpu mode='maximum' check='none'"
                                            : "<cpu mode='custom' match='exact' check='none'";
  std::string inner = numa;
  if (model != "host" && model != "max")
    inner = "    <model fallback='forbid'>" + EscapeXml(model) + "</model>\n" + numa;
  return "  " + open + (inner.empty() ? "/>\n" : ">\n" + inner + "  </cpu>\n");
}

std::string OsElement(const Scenario& s, const GuestLayout& layout, const DomainPaths& p) {
  std::ostringstream os;
  os << "  <os>\n    <type arch='aarch64' machine='virt'>hvm</type>\n";
  if (s.uefi)
    os << "    <loader readonly='yes' type='pflash'>" << Attr(p.firmware_code) << "</loader>\n"
       << "    <nvram>" << Attr(p.firmware_vars) << "</nvram>\n";
  os << "    <kernel>" << Attr(p.kernel) << "</kernel>\n"
     << "    <initrd>" << Attr(p.initrd) << "</initrd>\n"
     << "    <cmdline>" << EscapeXml(p.kernel_append + GuestVfioKernelParameter(layout))
     << "</cmdline>\n  </os>\n";
  return os.str();
}

// Guest RAM and CPU-less NUMA cells. A cell on a host node is native (<numatune>); libvirt backs
// cells from its own memory, so a cell on a file the scenario chose cannot be expressed.
Status AddNuma(const Scenario& s, const GuestLayout& layout, Domain& d, std::ostringstream& numa,
               std::ostringstream& numatune) {  // numa: inside <cpu>
  if (!layout.needs_numa) return OkStatus();
  numa << "    <numa>\n      <cell id='0' cpus='0-" << s.smp - 1 << "' memory='"
       << KiB(layout.ram_bytes) << "' unit='KiB'/>\n";
  for (const RegionPlacement& p : layout.regions) {
    if (p.guest_numa_node < 0) continue;
    const RegionConfig& r = *p.config;
    if (!r.path.empty())
      return Error{"region " + r.name + " (" + s.file.string() + ":" + std::to_string(r.line) +
                   "): a NUMA node backed by " + r.path.string() +
                   " cannot be expressed through libvirt (it backs NUMA cells from its own "
                   "memory, and a cell added by <qemu:commandline> would not match -m); run it "
                   "with the direct launcher"};
    numa << "      <cell id='" << p.guest_numa_node << "' memory='" << KiB(r.size_bytes)
         << "' unit='KiB'/>\n";
    if (r.host_node >= 0)
      numatune << "    <memnode cellid='" << p.guest_numa_node << "' mode='strict' nodeset='"
               << r.host_node << "'/>\n";
    else
      d.out.substitutions.push_back(r.name + ": NUMA node " + std::to_string(p.guest_numa_node) +
                                    " backed by libvirt's guest memory instead of " +
                                    p.backing_file.string() + " (no file was chosen)");
  }
  numa << "    </numa>\n";
  return OkStatus();
}

void AddNvdimm(const RegionPlacement& p, const GuestLayout& layout, Domain& d) {
  d.devices << "    <memory model='nvdimm' access='shared'>\n      <source>\n        <path>"
            << Attr(p.backing_file) << "</path>\n        <alignsize unit='KiB'>2048</alignsize>\n";
  if (p.backing_is_host_device) d.devices << "        <pmem/>\n";
  d.devices << "      </source>\n      <target>\n        <size unit='KiB'>"
            << KiB(LibvirtNvdimmBytes(p)) << "</size>\n"
            << (layout.needs_numa ? "        <node>0</node>\n" : "")
            << "        <label>\n          <size unit='KiB'>" << KiB(kNvdimmLabelBytes)
            << "</size>\n        </label>\n      </target>\n    </memory>\n";
}

// libvirt's <shmem> is always /dev/shm/NAME: an ivshmem BAR on the scenario's file goes on the
// QEMU command line, at the slot the layout reserved (libvirt's own devices sit below it).
void AddEmulatedBar(const RegionPlacement& p, Domain& d) {
  char addr[48];
  std::snprintf(addr, sizeof addr, ",bus=pcie.0,addr=0x%x", p.pci_slot);
  const std::string backend = QemuFileBackend(p);
  d.qemu_args.insert(d.qemu_args.end(),
                     {"-object", backend, "-device",
                      "ivshmem-plain,id=" + p.config->name + ",memdev=" + p.backend_id + addr});
  d.out.passthrough.push_back(p.config->name + ": ivshmem-plain on " + p.backing_file.string() +
                              " at " + p.guest_bdf);
}

void AddHostdev(const RegionPlacement& p, Domain& d) {
  unsigned dom = 0, bus = 0, slot = 0, fn = 0;
  std::sscanf(p.config->host_bdf.c_str(), "%x:%x:%x.%x", &dom, &bus, &slot, &fn);
  char source[128];
  std::snprintf(source, sizeof source,
                "<address domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%x'/>", dom, bus,
                slot, fn);
  d.devices << "    <hostdev mode='subsystem' type='pci' managed='yes'>\n      <source>\n        "
            << source << "\n      </source>\n      " << PciAddress(p.pci_slot)
            << "\n    </hostdev>\n";
}

void AddFixedDevices(const GuestLayout& layout, const DomainPaths& p, Domain& d) {
  d.devices << "    <emulator>" << Attr(p.emulator) << "</emulator>\n"
            << "    <controller type='pci' index='0' model='pcie-root'/>\n"
            << "    <controller type='usb' index='0' model='none'/>\n"
            << "    <controller type='virtio-serial' index='0'>\n      "
            << PciAddress(kVirtioSerialSlot) << "\n    </controller>\n"
            << "    <serial type='pty'>\n      <target type='system-serial' port='0'>\n"
            << "        <model name='pl011'/>\n      </target>\n    </serial>\n"
            << "    <channel type='unix'>\n      <target type='virtio' name='"
            << protocol::kEventsPortName
            << "'/>\n      <address type='virtio-serial' controller='0' bus='0' port='1'/>\n"
            << "    </channel>\n"
            << "    <memballoon model='none'/>\n";
  if (layout.needs_iommu) d.devices << "    <iommu model='smmuv3'/>\n";
}

}  // namespace

std::uint64_t LibvirtNvdimmBytes(const RegionPlacement& p) {
  constexpr std::uint64_t kAlign = 2 << 20;
  return (p.backend_size + kAlign - 1) / kAlign * kAlign;
}

Status CheckLibvirtCanLaunch(const Scenario& s) {
  if (s.nested)
    return Error{s.file.string() + ":" + std::to_string(s.nested->line) +
                 ": nested: a nested run boots its emulated host with the direct launcher only"};
  return OkStatus();
}

Result<DomainXml> RenderDomainXml(const Scenario& s, const GuestLayout& layout,
                                  const AccelProfile& accel, const DomainPaths& paths) {
  if (const Status st = CheckLibvirtCanLaunch(s); !st) return st.error();
  Domain d;
  std::ostringstream numa, numatune;
  if (const Status st = AddNuma(s, layout, d, numa, numatune); !st) return st.error();
  const std::string cpu = CpuElement(accel, numa.str(), d);
  AddFixedDevices(layout, paths, d);
  for (const RegionPlacement& p : layout.regions) {
    switch (p.config->kind) {
      case BackingKind::kDax:
        AddNvdimm(p, layout, d);
        break;
      case BackingKind::kEmulatedBar:
        AddEmulatedBar(p, d);
        break;
      case BackingKind::kVfio:
        AddHostdev(p, d);
        break;
      case BackingKind::kRam:
      case BackingKind::kCxl:
        break;
    }
  }
  for (const std::string& extra : s.qemu_extra) {
    d.qemu_args.push_back(extra);
    d.out.passthrough.push_back("qemu_extra: " + extra);
  }
  const std::uint64_t boot = layout.ram_bytes + layout.numa_bytes;
  std::uint64_t nvdimms = 0;  // at libvirt's sizes: <memory> less them is QEMU's -m
  for (const RegionPlacement& p : layout.regions)
    if (p.config->kind == BackingKind::kDax) nvdimms += LibvirtNvdimmBytes(p);
  std::ostringstream x;
  x << "<domain type='" << (accel.name == "kvm" ? "kvm" : "qemu") << "'"
    << (d.qemu_args.empty() ? "" : " xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'")
    << ">\n  <name>" << EscapeXml(paths.name) << "</name>\n";
  if (layout.needs_nvdimm) {
    const std::uint64_t gib = 1ull << 30;
    const std::uint64_t maxmem =  // as the direct launcher's -m maxmem
        (boot + layout.hotplug_bytes + 2 * gib - 1) / gib * gib;
    x << "  <maxMemory slots='4' unit='KiB'>" << KiB(maxmem) << "</maxMemory>\n";
  }
  x << "  <memory unit='KiB'>" << KiB(boot + nvdimms) << "</memory>\n"
    << "  <vcpu>" << s.smp << "</vcpu>\n";
  if (!numatune.str().empty()) x << "  <numatune>\n" << numatune.str() << "  </numatune>\n";
  x << "  <sysinfo type='fwcfg'>\n    <entry name='" << kManifestFwCfgName << "' file='"
    << Attr(paths.manifest) << "'/>\n  </sysinfo>\n"
    << OsElement(s, layout, paths) << "  <features>\n"
    << (s.uefi ? "    <acpi/>\n" : "") << "    <gic version='3'/>\n  </features>\n"
    << cpu << "  <clock offset='utc'/>\n  <on_poweroff>destroy</on_poweroff>\n"
    << "  <on_reboot>destroy</on_reboot>\n  <on_crash>destroy</on_crash>\n"
    << "  <devices>\n"
    << d.devices.str() << "  </devices>\n";
  if (!d.qemu_args.empty()) {
    x << "  <qemu:commandline>\n";
    for (const std::string& a : d.qemu_args)
      x << "    <qemu:arg value='" << EscapeXml(a) << "'/>\n";
    x << "  </qemu:commandline>\n";
  }
  x << "</domain>\n";
  d.out.xml = x.str();
  return std::move(d.out);
}

}  // namespace memattr::host
