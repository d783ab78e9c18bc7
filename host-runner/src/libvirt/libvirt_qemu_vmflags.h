// The VmFlags of the guest-memory mappings of a libvirt domain's QEMU, as the direct launcher
// records them for the QEMU it spawns: QEMU's pid from the pid file libvirt keeps for the domain
// in its run directory, then /proc/PID/smaps. Read on this machine for a local URI, and on the
// libvirt host through ssh for qemu+ssh:// (the same ssh as ssh_host_probe.h). Where neither
// works the map holds one entry "error": "unavailable: REASON".
//   std::map<std::string, std::string> f = ReadLibvirtQemuVmFlags(uri, "memattr-x-1",
//   {"/r/dax0.img"}); f["/r/dax0.img"] == "rd wr sh mr mw me ms sd"
#pragma once

#include <map>
#include <string>
#include <vector>

namespace memattr::host {

// Where libvirt keeps domain `domain`'s QEMU pid file, on the host the URI names: DIR/qemu/NAME.pid
// for a system daemon (DIR = /run/libvirt, or the directory of the URI's socket=),
// DIR/qemu/run/NAME.pid for a session daemon (DIR = `session_runtime_dir`/libvirt).
std::vector<std::string> QemuPidFileCandidates(const std::string& uri, const std::string& domain,
                                               const std::string& session_runtime_dir);

std::map<std::string, std::string> ReadLibvirtQemuVmFlags(const std::string& uri,
                                                          const std::string& domain,
                                                          const std::vector<std::string>& paths);

}  // namespace memattr::host
