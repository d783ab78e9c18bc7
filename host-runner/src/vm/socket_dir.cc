#include "vm/socket_dir.h"

#include <stdlib.h>

namespace memattr::host {

Result<SocketDir> SocketDir::Create() {
  std::string name = (std::filesystem::temp_directory_path() / "memattr-sockets-XXXXXX").string();
  if (::mkdtemp(name.data()) == nullptr) return ErrnoError(name, "mkdtemp");
  return SocketDir(name);
}

SocketDir::~SocketDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

}  // namespace memattr::host
