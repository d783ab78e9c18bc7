// Writes a whole file so that readers see the old content or the new, never a part: a temporary
// file beside it, write(2) until done, fsync, rename over the target, fsync the directory.
// Errors name the path and errno ("…/results.json.tmp: write: No space left on device (errno
// 28)"); the temporary file is removed on failure.
//   Status s = WriteFileAtomically(dir / "results.json", json.dump(2) + "\n");
#pragma once

#include <filesystem>
#include <string_view>

#include "memattr/result.h"

namespace memattr::host {

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view data);

// write(2) until all of `data` is written; false with errno set.
bool WriteAll(int fd, std::string_view data);

}  // namespace memattr::host
