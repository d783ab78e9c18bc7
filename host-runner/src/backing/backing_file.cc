#include "backing/backing_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <string>

namespace memattr::host {

Status CreateBackingFile(const std::filesystem::path& path, std::uint64_t bytes) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoError(path.string(), "create backing file");
  const int err = ::posix_fallocate(fd, 0, static_cast<off_t>(bytes));  // returns the errno
  ::close(fd);
  if (err == 0) return OkStatus();
  ::unlink(path.c_str());
  return ErrnoError(path.string(),
                    "allocate " + std::to_string(bytes) + " bytes for the backing file", err);
}

}  // namespace memattr::host
