#include "pci_resource_region.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <fstream>
#include <regex>

#include "fd_range_mapping.h"

namespace memattr {
namespace {

Status CheckResourceName(const std::string& path, const std::filesystem::path& file) {
  static const std::regex kResource("resource[0-9]+(_wc)?");
  if (!std::regex_match(file.filename().string(), kResource))
    return ErrnoError(path, "not a sysfs PCI resource file (expected resourceN or resourceN_wc)",
                      EINVAL);
  return OkStatus();
}

Status CheckDriver(const std::string& path, const RegionSpec& spec) {
  const std::string driver = BoundDriver(spec.path);
  if (driver.empty() || driver == "vfio-pci" || spec.force == ForceMapping::kYes) return OkStatus();
  return ErrnoError(path,
                    "device " + spec.path.parent_path().filename().string() +
                        " is bound to driver '" + driver +
                        "'; refusing to map its BAR (only vfio-pci or unbound; force=1 "
                        "overrides)",
                    EBUSY);
}

// An unbound device may have memory decoding off (no driver called pci_enable_device), and
// then its BAR reads as all-ones or faults: not a property of the memory type. Turn it on
// through sysfs `enable` (as PLATFORM-NOTES says for ivshmem) and say so in how(); it is
// left on, since the device has no driver to disagree. Returns the note for how().
Result<std::string> EnableIfDisabled(const std::filesystem::path& device_dir) {
  const auto enable = device_dir / "enable";
  std::ifstream in(enable);
  int enabled = 1;
  if (!(in >> enabled) || enabled != 0) return std::string();
  std::ofstream out(enable);
  if (!(out << "1" << std::flush)) return ErrnoError(enable.string(), "write 1");
  return std::string(", memory decoding enabled via sysfs enable (was 0)");
}

}  // namespace

std::string BoundDriver(const std::filesystem::path& resource_file) {
  std::error_code ec;
  const auto target = std::filesystem::read_symlink(resource_file.parent_path() / "driver", ec);
  return ec ? "" : target.filename().string();
}

Result<MappedRegion> MapPciResourceRegion(const RegionSpec& spec, MemoryAttribute requested) {
  const std::string path = spec.path.string();
  if (auto named = CheckResourceName(path, spec.path); !named) return named.error();
  if (auto allowed = CheckDriver(path, spec); !allowed) return allowed.error();
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_SYNC | O_CLOEXEC));
  if (!fd) return ErrnoError(path, "open");
  struct stat st {};  // sysfs reports the BAR size as the file size
  if (::fstat(fd.get(), &st) != 0) return ErrnoError(path, "fstat");
  auto extent = ResolveExtent(path, spec.offset, spec.size, static_cast<std::uint64_t>(st.st_size));
  if (!extent) return extent.error();
  const std::string driver = BoundDriver(spec.path);
  auto enabled = driver.empty() ? EnableIfDisabled(spec.path.parent_path()) : std::string();
  if (!enabled) return enabled.error();
  return MapFileExtent(spec, requested, std::move(fd), *extent, "sysfs " + path,
                       " (driver: " + (driver.empty() ? "none" : driver) + ")" + *enabled);
}

}  // namespace memattr
