// RegionSpec: which memory to map (mechanism only; the agent decides policy).
// Text form, used by `memattr-bench --region` and the manifest:
//   anon:size=64M[,huge=1]   file:path=/tmp/f,size=16M[,offset=0][,overwrite=1]
//   dax:path=/dev/dax0.0,size=2M
//   numa:node=1,size=64M     pci:path=/sys/bus/pci/devices/0000:00:02.0/resource2[,force=1]
//   vfio:bdf=0000:00:02.0,index=2   module:phys=0x8000000000,size=16M[,path=/dev/memattr]
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "memattr/quantity.h"  // ParseSize: sizes in specs
#include "memattr/result.h"

namespace memattr {

enum class RegionKind { kAnonymous, kFile, kDax, kNuma, kPciResource, kVfio, kModule };
std::string_view ToString(
    RegionKind kind);  // "anon", "file", "dax", "numa", "pci", "vfio", "module"

enum class HugePages { kNo, kYes };
enum class ForceMapping { kNo, kYes };  // map a BAR whose driver is not vfio-pci
// kFile: kernels and probes write to what they measure, so an existing file is mapped only when
// told it may be overwritten (overwrite=1; the agent sets it for files it created itself).
enum class Overwrite { kNo, kYes };

struct RegionSpec {
  RegionKind kind = RegionKind::kAnonymous;
  std::string name;                    // label for results, e.g. "dax0.0"; defaults from the spec
  std::filesystem::path path;          // file, /dev/daxX.Y, sysfs resourceN, module device
  std::uint64_t offset = 0;            // into the file / device / BAR
  std::uint64_t size = 0;              // bytes; 0 = whole file/BAR where that is defined
  int numa_node = -1;                  // kNuma
  std::string pci_bdf;                 // kVfio: "0000:00:02.0"
  unsigned vfio_region_index = 0;      // kVfio: VFIO_PCI_BAR0_REGION_INDEX + n
  std::uint64_t physical_address = 0;  // kModule
  HugePages huge_pages = HugePages::kNo;
  ForceMapping force = ForceMapping::kNo;
  Overwrite overwrite = Overwrite::kNo;  // kFile
};

// Parses the text form above; errors name the offending key or value.
Result<RegionSpec> ParseRegionSpec(std::string_view text);

}  // namespace memattr
