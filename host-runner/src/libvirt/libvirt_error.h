// libvirt's own words for the last failure on this thread, as memattr Errors.
//   if (!dom) return LibvirtError("create the domain");   // "create the domain: <libvirt's words>"
#pragma once

#include <libvirt/virterror.h>

#include <string>

#include "memattr/result.h"

namespace memattr::host {

inline std::string LastLibvirtMessage() {
  const char* message = virGetLastErrorMessage();
  return message ? message : "unknown libvirt error";
}

inline Error LibvirtError(const std::string& what) {
  return Error{what + ": " + LastLibvirtMessage()};
}

}  // namespace memattr::host
