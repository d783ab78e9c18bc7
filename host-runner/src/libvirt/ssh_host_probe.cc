#include "libvirt/ssh_host_probe.h"

#include <map>

#include "host/command_output.h"

namespace memattr::host {

std::map<std::string, std::string> UriQueryParameters(const std::string& uri) {
  const std::size_t q = uri.find('?');
  const std::string query = q == std::string::npos ? "" : uri.substr(q + 1);
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start <= query.size()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string pair = query.substr(start, end - start);
    const std::size_t eq = pair.find('=');
    if (!pair.empty()) out[pair.substr(0, eq)] = eq == std::string::npos ? "" : pair.substr(eq + 1);
    start = end + 1;
  }
  return out;
}

bool UriNamesAHost(const std::string& uri) {
  const auto scheme = uri.find("://");
  if (scheme == std::string::npos) return false;
  const auto path = uri.find('/', scheme + 3);
  std::string authority = uri.substr(scheme + 3, path - scheme - 3);
  if (const auto at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  return !authority.empty();
}

Result<std::vector<std::string>> SshArgvForUri(const std::string& uri,
                                               const std::string& remote_command) {
  const std::string scheme = "+ssh://";
  const std::size_t s = uri.find(scheme);
  if (s == std::string::npos) return Error{uri + ": not a +ssh:// URI"};
  const std::size_t host_start = s + scheme.size();
  const std::size_t path = uri.find('/', host_start);
  std::string authority = uri.substr(host_start, path - host_start);
  auto params = UriQueryParameters(uri);
  std::vector<std::string> argv{params.count("command") ? params["command"] : "/usr/bin/ssh", "-o",
                                "BatchMode=yes", "-o", "ConnectTimeout=15"};
  if (params.count("keyfile")) argv.insert(argv.end(), {"-i", params["keyfile"]});
  if (const std::size_t colon = authority.rfind(':');
      colon != std::string::npos && authority.find(']') == std::string::npos) {
    argv.insert(argv.end(), {"-p", authority.substr(colon + 1)});
    authority.erase(colon);
  }
  if (authority.empty()) return Error{uri + ": names no host"};
  argv.insert(argv.end(), {"-T", "--", authority, remote_command});
  return argv;
}

Result<std::string> ProbeSshHostKernel(const std::string& uri) {
  Result<std::vector<std::string>> argv = SshArgvForUri(uri, "uname -r; uname -v");
  if (!argv) return argv.error();
  Result<std::string> out = RunAndCapture(*argv);
  if (!out) return out.error();
  std::string text = *out;
  for (char& c : text)
    if (c == '\n') c = ' ';
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

}  // namespace memattr::host
