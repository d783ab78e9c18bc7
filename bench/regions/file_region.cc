#include "file_region.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <string>
#include <string_view>

#include "fd_range_mapping.h"

namespace memattr {

namespace {

std::string_view FileType(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Why `st` cannot be a file region, or "".
std::string Refusal(const RegionSpec& spec, const struct stat& st) {
  if (!S_ISREG(st.st_mode))
    return "is " + std::string(FileType(st.st_mode)) +
           ", not a regular file: nothing memattr can measure";
  if (spec.overwrite != Overwrite::kYes)
    return "is an existing file, and kernels and probes write to the memory they measure: its "
           "contents would be overwritten (give overwrite=1, or in a manifest \"overwrite\": "
           "true, to allow it)";
  return "";
}

}  // namespace

std::string FileRegionRefusal(const RegionSpec& spec) {
  struct stat st {};
  if (::stat(spec.path.c_str(), &st) != 0) return ErrnoError(spec.path.string(), "stat").message;
  const std::string why = Refusal(spec, st);
  return why.empty() ? why : spec.path.string() + ": " + why;
}

Result<MappedRegion> MapFileRegion(const RegionSpec& spec, MemoryAttribute requested) {
  const std::string path = spec.path.string();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return ErrnoError(path, "stat");
  if (std::string why = Refusal(spec, st); !why.empty()) return Error{path + ": " + why};
  // O_NONBLOCK: should the path turn into a FIFO after the check, open must not wait for it.
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (!fd) return ErrnoError(path, "open");
  if (::fstat(fd.get(), &st) != 0) return ErrnoError(path, "fstat");
  if (std::string why = Refusal(spec, st); !why.empty()) return Error{path + ": " + why};
  auto extent = ResolveExtent(path, spec.offset, spec.size, static_cast<std::uint64_t>(st.st_size));
  if (!extent) return extent.error();
  return MapFileExtent(spec, requested, std::move(fd), *extent, path);
}

}  // namespace memattr
