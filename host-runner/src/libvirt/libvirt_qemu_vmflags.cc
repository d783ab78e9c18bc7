#include "libvirt/libvirt_qemu_vmflags.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "host/command_output.h"
#include "host/host_facts.h"
#include "libvirt/ssh_host_probe.h"

namespace memattr::host {
namespace {

using VmFlags = std::map<std::string, std::string>;

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// "qemu+ssh://u@h:22/system?x=1" -> "/system"
std::string UriPath(const std::string& uri) {
  const std::size_t scheme = uri.find("://");
  if (scheme == std::string::npos) return "";
  const std::size_t path = uri.find('/', scheme + 3);
  if (path == std::string::npos) return "";
  return uri.substr(path, uri.find('?', path) - path);
}

// The candidates as the libvirt host's shell reads them: each single-quoted, first found wins.
std::string RemoteSmapsCommand(const std::vector<std::string>& pid_files) {
  std::string cat;
  for (const std::string& f : pid_files) cat += (cat.empty() ? "" : " || ") + ("cat '" + f + "'");
  return "pid=$( (" + cat + ") 2>/dev/null) && [ -n \"$pid\" ] && cat /proc/$pid/smaps";
}

VmFlags OverSsh(const std::string& uri, const std::string& domain,
                const std::vector<std::string>& paths) {
  if (UriPath(uri) == "/session")
    return {{"error", "unavailable: a remote session daemon's run directory is not known here"}};
  const std::vector<std::string> pid_files = QemuPidFileCandidates(uri, domain, "");
  const Result<std::vector<std::string>> argv = SshArgvForUri(uri, RemoteSmapsCommand(pid_files));
  if (!argv) return {{"error", "unavailable: " + argv.error().message}};
  const Result<std::string> smaps = RunAndCapture(*argv);
  if (!smaps)
    return {{"error", "unavailable: QEMU's smaps on the libvirt host (pid file " +
                          Joined(pid_files) + "): " + smaps.error().message}};
  return ParseSmapsVmFlags(*smaps, paths);
}

}  // namespace

std::vector<std::string> QemuPidFileCandidates(const std::string& uri, const std::string& domain,
                                               const std::string& session_runtime_dir) {
  const std::string file = domain + ".pid";
  const std::map<std::string, std::string> params = UriQueryParameters(uri);
  if (const auto socket = params.find("socket"); socket != params.end()) {
    const std::string dir = std::filesystem::path(socket->second).parent_path().string();
    return {dir + "/qemu/" + file, dir + "/qemu/run/" + file};
  }
  if (UriPath(uri) == "/session") return {session_runtime_dir + "/libvirt/qemu/run/" + file};
  return {"/run/libvirt/qemu/" + file};
}

VmFlags ReadLibvirtQemuVmFlags(const std::string& uri, const std::string& domain,
                               const std::vector<std::string>& paths) {
  if (uri.find("+ssh://") != std::string::npos) return OverSsh(uri, domain, paths);
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  const char* home = std::getenv("HOME");
  const std::string session_dir = runtime ? runtime : std::string(home ? home : "") + "/.cache";
  if (UriNamesAHost(uri))
    return {{"error", "unavailable: " + uri + " names another host and is not qemu+ssh"}};
  const std::vector<std::string> pid_files = QemuPidFileCandidates(uri, domain, session_dir);
  for (const std::string& f : pid_files) {
    long pid = 0;
    if (std::ifstream in(f); in >> pid && pid > 0) return ReadBackingVmFlags(pid, paths);
  }
  return {{"error", "unavailable: no pid file of QEMU for domain " + domain + " (tried " +
                        Joined(pid_files) + ")"}};
}

}  // namespace memattr::host
