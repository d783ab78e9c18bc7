// LibvirtSession in a build without libvirt (MEMATTR_BUILD_LIBVIRT=OFF).
#include "libvirt/libvirt_session.h"

namespace memattr::host {

Result<std::unique_ptr<LibvirtSession>> LibvirtSession::Open(const std::string& uri) {
  return Error{"--connect " + uri +
               ": this memattr-host was built without libvirt (MEMATTR_BUILD_LIBVIRT=OFF; "
               "install libvirt-dev and rebuild)"};
}

}  // namespace memattr::host
