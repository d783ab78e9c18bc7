#include "libvirt/pflash_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <system_error>

namespace memattr::host {
namespace {

namespace fs = std::filesystem;

Status ExtendTo(const fs::path& file, std::uint64_t bytes) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError(file.string(), "open");
  const int rc = ::ftruncate(fd, static_cast<off_t>(bytes));
  const int err = errno;
  ::close(fd);
  if (rc != 0) return ErrnoError(file.string(), "ftruncate", err);
  return OkStatus();
}

}  // namespace

Status WritePflashCode(const fs::path& firmware, const fs::path& code) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(firmware, ec);
  if (ec) return Error{firmware.string() + ": UEFI firmware: " + ec.message()};
  if (size > kPflashBytes)
    return Error{firmware.string() + ": UEFI firmware is " + std::to_string(size) +
                 " bytes, larger than a 64 MiB pflash"};
  fs::copy_file(firmware, code, fs::copy_options::overwrite_existing, ec);
  if (ec) return Error{code.string() + ": copy " + firmware.string() + ": " + ec.message()};
  return ExtendTo(code, kPflashBytes);
}

Status WritePflashVars(const fs::path& vars) {
  std::error_code ec;
  fs::remove(vars, ec);  // a fresh varstore per boot, as -bios gives the direct launcher
  return ExtendTo(vars, kPflashBytes);
}

}  // namespace memattr::host
