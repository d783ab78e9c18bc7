// Creates a backing file QEMU will map, with every block allocated up front (posix_fallocate):
// a sparse file on a filesystem that fills up later kills QEMU with SIGBUS in the middle of a
// run; a full filesystem now is a clear error naming the file, before any guest starts.
//   Status s = CreateBackingFile(results / "dax0.img", 256 << 20);
#pragma once

#include <cstdint>
#include <filesystem>

#include "memattr/result.h"

namespace memattr::host {

// A new file of `bytes` bytes, all allocated; on failure no file is left behind.
Status CreateBackingFile(const std::filesystem::path& path, std::uint64_t bytes);

}  // namespace memattr::host
