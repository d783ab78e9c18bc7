#include "anonymous_region.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "fd_range_mapping.h"

namespace memattr {
namespace {

// Default hugetlb page size from /proc/meminfo ("Hugepagesize:    2048 kB"); 2 MiB if unknown.
std::size_t DefaultHugePageSize() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::size_t kib = 0;
  while (meminfo >> key) {
    if (key == "Hugepagesize:" && meminfo >> kib) return kib * 1024;
    meminfo.ignore(256, '\n');
  }
  return std::size_t{2} << 20;
}

// The bracketed word of /sys/kernel/mm/transparent_hugepage/enabled ("always", "madvise",
// "never"), or "unknown".
std::string ThpMode() {
  std::ifstream file("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  std::getline(file, line);
  const size_t open = line.find('['), close = line.find(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return "unknown";
  return line.substr(open + 1, close - open - 1);
}

void* MapAnonymous(std::size_t length, int extra_flags) {
  return ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | extra_flags,
                -1, 0);
}

Result<MappedRegion> MapHuge(const RegionSpec& spec, MemoryAttribute requested) {
  const std::size_t huge = DefaultHugePageSize();
  const std::size_t length = RoundUp(spec.size, huge);
  if (void* base = MapAnonymous(length, MAP_HUGETLB); base != MAP_FAILED)
    return MappedRegion(
        spec, requested, base, length, 0, spec.size, -1,
        "mmap(MAP_ANONYMOUS|MAP_HUGETLB) " + std::to_string(huge >> 10) + " KiB pages");
  const int hugetlb_errno = errno;
  void* base = MapAnonymous(length, 0);
  if (base == MAP_FAILED) return ErrnoError(spec.name, "mmap " + std::to_string(length) + " bytes");
  std::string how = "mmap(MAP_ANONYMOUS) + madvise(MADV_HUGEPAGE)";
  if (::madvise(base, length, MADV_HUGEPAGE) != 0)
    how =
        "mmap(MAP_ANONYMOUS), madvise(MADV_HUGEPAGE) failed: " + std::string(std::strerror(errno)) +
        ": small pages";
  how += " (MAP_HUGETLB: " + std::string(std::strerror(hugetlb_errno)) + ")";
  return MappedRegion(spec, requested, base, length, 0, spec.size, -1, std::move(how));
}

}  // namespace

Result<MappedRegion> MapAnonymousRegion(const RegionSpec& spec, MemoryAttribute requested) {
  if (spec.size == 0) return ErrnoError(spec.name, "anonymous region needs size > 0", EINVAL);
  if (spec.huge_pages == HugePages::kYes) return MapHuge(spec, requested);
  const std::size_t length = RoundUp(spec.size, PageSize());
  void* base = MapAnonymous(length, 0);
  if (base == MAP_FAILED) return ErrnoError(spec.name, "mmap " + std::to_string(length) + " bytes");
  // THP "always" may back it with huge pages anyway: record the mode, never pretend (R10).
  return MappedRegion(spec, requested, base, length, 0, spec.size, -1,
                      "mmap(MAP_ANONYMOUS), no huge-page request, THP mode " + ThpMode());
}

}  // namespace memattr
