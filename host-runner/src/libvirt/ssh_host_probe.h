// What libvirt does not report about a qemu+ssh:// host (its kernel), read there with `uname`
// through the same ssh libvirt uses: the URI's user, host, port and its `keyfile` and `command`
// parameters, in batch mode (no prompt) with a connect timeout.
//   Result<std::string> k = ProbeSshHostKernel("qemu+ssh://root@host:2222/system?keyfile=K");
//   *k == "6.12.48+deb12-arm64 #1 SMP Debian 6.12.48-1~bpo12+1 (2025-09-22)"
#pragma once

#include <map>
#include <string>
#include <vector>

#include "memattr/result.h"

namespace memattr::host {

// A libvirt URI's query, "a=1&b=2" -> {a: 1, b: 2} (libvirt's parameters carry no escapes in
// practice; none decoded).
std::map<std::string, std::string> UriQueryParameters(const std::string& uri);

// qemu+ssh://user@host/system names a host; qemu:///system and qemu+unix:// do not.
bool UriNamesAHost(const std::string& uri);

// The ssh argv for `remote_command` on the URI's host; an error for a URI that is not qemu+ssh.
Result<std::vector<std::string>> SshArgvForUri(const std::string& uri,
                                               const std::string& remote_command);

// `uname -r` and `uname -v` of the host, on one line.
Result<std::string> ProbeSshHostKernel(const std::string& uri);

}  // namespace memattr::host
