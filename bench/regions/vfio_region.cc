#include "vfio_region.h"

#include <fcntl.h>
#include <linux/vfio.h>
#include <sys/ioctl.h>

#include "fd_range_mapping.h"

namespace memattr {
namespace {

Result<UniqueFd> OpenContainer(const VfioPaths& paths) {
  const std::string path = (paths.dev_root / "vfio/vfio").string();
  UniqueFd container(::open(path.c_str(), O_RDWR | O_CLOEXEC));
  if (!container) return ErrnoError(path, "open");
  if (::ioctl(container.get(), VFIO_GET_API_VERSION) != VFIO_API_VERSION)
    return ErrnoError(path, "VFIO_GET_API_VERSION: not " + std::to_string(VFIO_API_VERSION),
                      ENOTSUP);
  if (::ioctl(container.get(), VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) <= 0)
    return ErrnoError(path, "VFIO_CHECK_EXTENSION(VFIO_TYPE1v2_IOMMU): not supported", ENOTSUP);
  return container;
}

// Opens the group, checks it is viable and attaches it to `container` with a type1v2 IOMMU.
Result<UniqueFd> OpenGroup(const std::filesystem::path& group_path, const UniqueFd& container) {
  const std::string path = group_path.string();
  UniqueFd group(::open(path.c_str(), O_RDWR | O_CLOEXEC));
  if (!group) return ErrnoError(path, "open");
  vfio_group_status status{};
  status.argsz = sizeof status;
  if (::ioctl(group.get(), VFIO_GROUP_GET_STATUS, &status) != 0)
    return ErrnoError(path, "VFIO_GROUP_GET_STATUS");
  if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE))
    return ErrnoError(path, "group not viable (bind every device in it to vfio-pci)", EBUSY);
  int container_fd = container.get();
  if (::ioctl(group.get(), VFIO_GROUP_SET_CONTAINER, &container_fd) != 0)
    return ErrnoError(path, "VFIO_GROUP_SET_CONTAINER");
  if (::ioctl(container.get(), VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) != 0)
    return ErrnoError(path, "VFIO_SET_IOMMU(VFIO_TYPE1v2_IOMMU)");
  return group;
}

Result<vfio_region_info> RegionInfo(const UniqueFd& device, const std::string& who,
                                    unsigned index) {
  vfio_region_info info{};
  info.argsz = sizeof info;
  info.index = index;
  if (::ioctl(device.get(), VFIO_DEVICE_GET_REGION_INFO, &info) != 0)
    return ErrnoError(who, "VFIO_DEVICE_GET_REGION_INFO index " + std::to_string(index));
  if (info.size == 0 || !(info.flags & VFIO_REGION_INFO_FLAG_MMAP))
    return ErrnoError(who, "region " + std::to_string(index) + " is empty or cannot be mmapped",
                      EINVAL);
  return info;
}

}  // namespace

Result<std::filesystem::path> VfioGroupDevice(const std::string& bdf, const VfioPaths& paths) {
  const auto link = paths.sysfs_root / "bus/pci/devices" / bdf / "iommu_group";
  std::error_code ec;
  const auto target = std::filesystem::read_symlink(link, ec);
  if (ec) return ErrnoError(link.string(), "no IOMMU group for " + bdf, ec.value());
  return paths.dev_root / "vfio" / target.filename();
}

Result<MappedRegion> MapVfioRegion(const RegionSpec& spec, MemoryAttribute requested,
                                   const VfioPaths& paths) {
  auto group_path = VfioGroupDevice(spec.pci_bdf, paths);
  if (!group_path) return group_path.error();
  auto container = OpenContainer(paths);
  if (!container) return container.error();
  auto group = OpenGroup(*group_path, *container);
  if (!group) return group.error();
  const std::string who = group_path->string() + " device " + spec.pci_bdf;
  UniqueFd device(::ioctl(group->get(), VFIO_GROUP_GET_DEVICE_FD, spec.pci_bdf.c_str()));
  if (!device) return ErrnoError(who, "VFIO_GROUP_GET_DEVICE_FD");
  auto info = RegionInfo(device, who, spec.vfio_region_index);
  if (!info) return info.error();
  auto extent = ResolveExtent(who, spec.offset, spec.size, info->size);
  if (!extent) return extent.error();
  // The mapping keeps the device file, which keeps its group and container alive.
  return MapFdRange({.spec = spec,
                     .requested = requested,
                     .fd = std::move(device),
                     .path = who,
                     .file_offset = info->offset + extent->offset,
                     .size = extent->size,
                     .how = "VFIO type1v2 " + who + " region " +
                            std::to_string(spec.vfio_region_index) + " mmap @" +
                            Hex(extent->offset)});
}

}  // namespace memattr
