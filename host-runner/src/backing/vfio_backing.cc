#include "backing/vfio_backing.h"

#include "memattr/protocol/vfio_viability.h"

namespace memattr::host {

// The guest agent checks a device it is to use through VFIO with the same rule.
Status CheckVfioDevice(const std::filesystem::path& sysfs_root, const std::string& bdf) {
  return protocol::CheckVfioDevice(sysfs_root, bdf);
}

}  // namespace memattr::host
