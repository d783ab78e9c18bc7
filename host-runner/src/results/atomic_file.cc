#include "results/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace memattr::host {

bool WriteAll(int fd, std::string_view data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

namespace {

Status SyncDirectory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError(dir.string(), "open directory for fsync");
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return ErrnoError(dir.string(), "fsync directory", err);
  return OkStatus();
}

}  // namespace

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view data) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError(tmp.string(), "create");
  const char* failed = nullptr;
  if (!WriteAll(fd, data))
    failed = "write";
  else if (::fsync(fd) != 0)
    failed = "fsync";
  int err = errno;
  if (::close(fd) != 0 && !failed) failed = "close", err = errno;
  if (failed) {
    ::unlink(tmp.c_str());
    return ErrnoError(tmp.string(), failed, err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const Error error = ErrnoError(path.string(), "rename " + tmp.filename().string() + " over it");
    ::unlink(tmp.c_str());
    return error;
  }
  return SyncDirectory(path.parent_path());
}

}  // namespace memattr::host
