#include "libvirt/ssh_host_probe.h"

#include <map>

#include "host/command_output.h"

namespace memattr::host {
namespace {

// "a=1&b=2" -> {a: 1, b: 2} (libvirt's parameters carry no escapes in practice; none decoded).
std::map<std::string, std::string> QueryParameters(const std::string& query) {
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

}  // namespace

Result<std::vector<std::string>> SshArgvForUri(const std::string& uri,
                                               const std::string& remote_command) {
  const std::string scheme = "+ssh://";
  const std::size_t s = uri.find(scheme);
  if (s == std::string::npos) return Error{uri + ": not a +ssh:// URI"};
  const std::size_t host_start = s + scheme.size();
  const std::size_t path = uri.find('/', host_start);
  std::string authority = uri.substr(host_start, path - host_start);
  const std::size_t q = uri.find('?', host_start);
  auto params = QueryParameters(q == std::string::npos ? "" : uri.substr(q + 1));
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
