#include "module_region.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "anonymous_region.h"
#include "fd_range_mapping.h"
#include "memattr/protocol/memattr_module_abi.h"

namespace memattr {
namespace {

unsigned ModuleAttributeCode(MemoryAttribute attribute) {
  switch (attribute) {
    case MemoryAttribute::kNormalWb:
      return MEMATTR_ATTR_NORMAL_WB;
    case MemoryAttribute::kNormalNc:
      return MEMATTR_ATTR_NORMAL_NC;
    case MemoryAttribute::kDeviceNGnRE:
      return MEMATTR_ATTR_DEVICE_NGNRE;
    case MemoryAttribute::kDeviceNGnRnE:
      return MEMATTR_ATTR_DEVICE_NGNRNE;
  }
  return MEMATTR_ATTR_COUNT;
}

Status Claim(const std::string& path, int fd, std::uint64_t phys, std::uint64_t size,
             bool device_under_test) {
  memattr_claim claim{
      .phys = phys, .size = size, .flags = device_under_test ? MEMATTR_CLAIM_DEVICE_UNDER_TEST : 0};
  if (::ioctl(fd, MEMATTR_IOC_CLAIM, &claim) != 0)
    return ErrnoError(path, "MEMATTR_IOC_CLAIM phys " + Hex(phys) + " size " + Hex(size));
  return OkStatus();
}

}  // namespace

std::uint64_t ModuleMmapOffset(MemoryAttribute attribute, std::uint64_t offset_in_claim) {
  return MEMATTR_MMAP_OFFSET(ModuleAttributeCode(attribute), offset_in_claim);
}

Result<MappedRegion> MapModuleRegion(const RegionSpec& spec, MemoryAttribute requested) {
  const std::string path = spec.path.string();
  if (spec.size == 0) return ErrnoError(path, "module region needs size > 0", EINVAL);
  const std::uint64_t slack = spec.physical_address % PageSize();
  const std::uint64_t claim_bytes = RoundUp(slack + spec.size, PageSize());
  if (claim_bytes > MEMATTR_MAX_CLAIM)
    return ErrnoError(path, "size " + Hex(spec.size) + " above the module's 1 TiB claim limit",
                      EINVAL);
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
  if (!fd) return ErrnoError(path, "open (is the memattr module loaded?)");
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return ErrnoError(path, "fstat");
  if (!S_ISCHR(st.st_mode)) return ErrnoError(path, "not a character device", ENODEV);
  if (auto claimed = Claim(path, fd.get(), spec.physical_address - slack, claim_bytes,
                           spec.force == ForceMapping::kYes);  // force=1: the device under test
      !claimed)
    return claimed.error();
  // The attribute bits sit far above the page offset, so MapFdRange's page rounding of this
  // offset hides exactly the slack below the physical address.
  return MapFdRange({.spec = spec,
                     .requested = requested,
                     .fd = std::move(fd),
                     .path = path,
                     .file_offset = ModuleMmapOffset(requested, slack),
                     .size = spec.size,
                     .how = "MEMATTR_IOC_CLAIM + mmap " + path + " phys " +
                            Hex(spec.physical_address) + " as " +
                            std::string(ToString(requested))});
}

}  // namespace memattr
