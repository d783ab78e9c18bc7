#include "vm/socket_dir.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

namespace memattr::host {
namespace {

constexpr char kPrefix[] = "memattr-sockets-";
// Written only once the creator holds the flock: a directory with it and a free lock was left
// by a run that ended without removing it. (One killed between mkdtemp and the mark is left.)
constexpr char kOwnerMark[] = "owner.pid";

// The directory's fd, flock'ed exclusively without waiting; -1 if busy or not openable.
int LockDirectory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -1;
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool IsStaleCandidate(const std::filesystem::directory_entry& entry) {
  if (entry.path().filename().string().rfind(kPrefix, 0) != 0) return false;
  struct stat st {};
  return ::lstat(entry.path().c_str(), &st) == 0 && S_ISDIR(st.st_mode) &&
         st.st_uid == ::geteuid() && std::filesystem::exists(entry.path() / kOwnerMark);
}

}  // namespace

std::vector<std::filesystem::path> RemoveStaleSocketDirs(const std::filesystem::path& temp_dir) {
  std::vector<std::filesystem::path> removed;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(temp_dir, ec)) {
    if (!IsStaleCandidate(entry)) continue;
    const int fd = LockDirectory(entry.path());
    if (fd < 0) continue;  // its run is alive
    std::error_code rm;
    if (std::filesystem::remove_all(entry.path(), rm) > 0 && !rm) removed.push_back(entry.path());
    ::close(fd);
  }
  return removed;
}

Result<SocketDir> SocketDir::Create() {
  const std::filesystem::path temp_dir = std::filesystem::temp_directory_path();
  RemoveStaleSocketDirs(temp_dir);  // best effort: a leftover only costs disk space
  std::string name = (temp_dir / (std::string(kPrefix) + "XXXXXX")).string();
  if (::mkdtemp(name.data()) == nullptr) return ErrnoError(name, "mkdtemp");
  const int fd = LockDirectory(name);
  if (fd < 0) return ErrnoError(name, "flock");
  SocketDir dir(name, fd);
  std::ofstream mark(dir.path_ / kOwnerMark);
  mark << ::getpid() << "\n";
  if (!mark.flush()) return ErrnoError((dir.path_ / kOwnerMark).string(), "write");
  return dir;
}

SocketDir::~SocketDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

}  // namespace memattr::host
