// MapRegion: the one place that knows which interface yields which memory attribute; it
// refuses what an interface cannot give and dispatches to the per-kind mapper.
#include <array>
#include <filesystem>

#include "anonymous_region.h"
#include "dax_region.h"
#include "file_region.h"
#include "memattr/mapped_region.h"
#include "module_region.h"
#include "numa_region.h"
#include "pci_resource_region.h"
#include "vfio_region.h"

namespace memattr {
namespace {

using enum MemoryAttribute;

struct Route {
  RegionKind kind;
  MemoryAttribute attribute;
  const char* interface;
};

// arm64 stage-1 types (PLATFORM-NOTES); on x86_64 Normal-WB = WB, Normal-NC = WC, and both
// Device types = UC-.
constexpr std::array<Route, 11> kRoutes = {{
    {RegionKind::kAnonymous, kNormalWb, "mmap(MAP_ANONYMOUS)"},
    {RegionKind::kFile, kNormalWb, "mmap(MAP_SHARED) of a regular file"},
    {RegionKind::kDax, kNormalWb, "mmap(MAP_SHARED) of /dev/daxX.Y"},
    {RegionKind::kNuma, kNormalWb, "mmap(MAP_ANONYMOUS) + hwloc membind"},
    {RegionKind::kPciResource, kDeviceNGnRE, "sysfs resourceN (pgprot_device)"},
    {RegionKind::kPciResource, kNormalNc, "sysfs resourceN_wc (prefetchable BARs only)"},
    {RegionKind::kVfio, kDeviceNGnRnE, "VFIO region mmap (pgprot_noncached)"},
    {RegionKind::kModule, kNormalWb, "memattr module mmap (vm_page_prot unchanged)"},
    {RegionKind::kModule, kNormalNc, "memattr module mmap (pgprot_writecombine)"},
    {RegionKind::kModule, kDeviceNGnRE, "memattr module mmap (pgprot_device)"},
    {RegionKind::kModule, kDeviceNGnRnE, "memattr module mmap (pgprot_noncached)"},
}};

std::string Refusal(RegionKind kind, MemoryAttribute attribute) {
  std::string gives, givers;
  for (const Route& r : kRoutes) {
    if (r.kind == kind) gives += (gives.empty() ? "" : ", ") + std::string(ToString(r.attribute));
    if (r.attribute == attribute)
      givers +=
          (givers.empty() ? "" : ", ") + std::string(ToString(r.kind)) + " (" + r.interface + ")";
  }
  return "kind " + std::string(ToString(kind)) + " cannot give " +
         std::string(ToString(attribute)) + " (it gives: " + gives + "); " +
         std::string(ToString(attribute)) + " comes from: " + givers;
}

// resourceN for Device-nGnRE, resourceN_wc for Normal-NC, whichever of the two spec.path names.
Result<RegionSpec> WithPciResourceFile(RegionSpec spec, MemoryAttribute attribute) {
  std::string file = spec.path.filename().string();
  if (file.ends_with("_wc")) file.resize(file.size() - 3);
  if (attribute == kNormalNc) file += "_wc";
  spec.path.replace_filename(file);
  std::error_code ec;
  if (attribute == kNormalNc && !std::filesystem::exists(spec.path, ec))
    return ErrnoError(spec.path.string(),
                      "no write-combining file: BAR not prefetchable, normal-nc unavailable",
                      ENOENT);
  return spec;
}

}  // namespace

Result<std::string> InterfaceFor(RegionKind kind, MemoryAttribute attribute) {
  for (const Route& r : kRoutes)
    if (r.kind == kind && r.attribute == attribute) return std::string(r.interface);
  return Error{Refusal(kind, attribute)};
}

Result<MappedRegion> MapRegion(const RegionSpec& spec, MemoryAttribute requested) {
  if (auto route = InterfaceFor(spec.kind, requested); !route)
    return Error{"region '" + spec.name + "': " + route.error().message};
  switch (spec.kind) {
    case RegionKind::kAnonymous:
      return MapAnonymousRegion(spec, requested);
    case RegionKind::kFile:
      return MapFileRegion(spec, requested);
    case RegionKind::kDax:
      return MapDaxRegion(spec, requested);
    case RegionKind::kNuma:
      return MapNumaRegion(spec, requested);
    case RegionKind::kVfio:
      return MapVfioRegion(spec, requested);
    case RegionKind::kModule:
      return MapModuleRegion(spec, requested);
    case RegionKind::kPciResource:
      break;
  }
  auto pci = WithPciResourceFile(spec, requested);
  if (!pci) return pci.error();
  return MapPciResourceRegion(*pci, requested);
}

}  // namespace memattr
