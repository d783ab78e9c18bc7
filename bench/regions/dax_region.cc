#include "dax_region.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <fstream>

#include "fd_range_mapping.h"

namespace memattr {
namespace {

// <sysfs>/dev/char/MAJ:MIN, the device's sysfs directory.
std::filesystem::path CharDeviceDir(const std::filesystem::path& sysfs_root, dev_t rdev) {
  return sysfs_root / "dev/char" /
         (std::to_string(major(rdev)) + ":" + std::to_string(minor(rdev)));
}

// OK when the device's subsystem link points at .../bus/dax or .../class/dax.
Status CheckDaxSubsystem(const std::string& path, const std::filesystem::path& device_dir) {
  std::error_code ec;
  const auto subsystem = std::filesystem::read_symlink(device_dir / "subsystem", ec);
  if (ec)
    return ErrnoError(
        path,
        "not a dax device (" + (device_dir / "subsystem").string() + ": " + ec.message() + ")",
        ENODEV);
  if (subsystem.filename() != "dax")
    return ErrnoError(path, "not a dax device (subsystem " + subsystem.filename().string() + ")",
                      ENODEV);
  return OkStatus();
}

Result<std::uint64_t> ReadDeviceSize(const std::string& path, const std::filesystem::path& dir) {
  std::ifstream file(dir / "size");
  std::uint64_t bytes = 0;
  if (!(file >> bytes)) return ErrnoError(path, "cannot read " + (dir / "size").string(), EIO);
  return bytes;
}

Status CheckAlignment(const std::string& path, const RegionSpec& spec) {
  if (spec.offset % kDaxAlignment || spec.size % kDaxAlignment)
    return ErrnoError(path,
                      "offset " + Hex(spec.offset) + " and size " + Hex(spec.size) +
                          " must be multiples of 2 MiB",
                      EINVAL);
  return OkStatus();
}

}  // namespace

Result<MappedRegion> MapDaxRegion(const RegionSpec& spec, MemoryAttribute requested,
                                  const std::filesystem::path& sysfs_root) {
  const std::string path = spec.path.string();
  if (auto aligned = CheckAlignment(path, spec); !aligned) return aligned.error();
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
  if (!fd) return ErrnoError(path, "open");
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return ErrnoError(path, "fstat");
  if (!S_ISCHR(st.st_mode))
    return ErrnoError(path, "not a dax device (not a character device)", ENODEV);
  const auto device_dir = CharDeviceDir(sysfs_root, st.st_rdev);
  if (auto dax = CheckDaxSubsystem(path, device_dir); !dax) return dax.error();
  auto total = ReadDeviceSize(path, device_dir);
  if (!total) return total.error();
  auto extent = ResolveExtent(path, spec.offset, spec.size, *total);
  if (!extent) return extent.error();
  return MapFileExtent(spec, requested, std::move(fd), *extent, path);
}

}  // namespace memattr
