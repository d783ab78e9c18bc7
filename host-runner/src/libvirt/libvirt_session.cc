#include "libvirt/libvirt_session.h"

#include <libvirt/libvirt.h>

#include <cstdlib>
#include <thread>

#include "libvirt/libvirt_error.h"
#include "libvirt/libvirt_guest.h"
#include "libvirt/libvirt_version.h"
#include "libvirt/ssh_host_probe.h"

namespace memattr::host {
namespace {

// libvirt's default event loop on a thread of its own, for lifecycle events and keepalives.
// Registered once per process, before the first connection; it runs until the process exits.
void StartEventLoop() {
  static const bool started = [] {
    // Errors reach the user once, in memattr's message (LibvirtError), not also on stderr.
    virSetErrorFunc(nullptr, [](void*, virErrorPtr) {});
    if (virEventRegisterDefaultImpl() < 0) return false;
    // A periodic timer so the loop never sleeps forever on an idle connection.
    virEventAddTimeout(
        250, [](int, void*) {}, nullptr, nullptr);
    std::thread([] {
      while (virEventRunDefaultImpl() == 0) {
      }
    }).detach();
    return true;
  }();
  (void)started;
}

// "<arch>x86_64</arch>" inside the capabilities' <host><cpu>.
std::string HostArch(const std::string& caps) {
  const auto host = caps.find("<host>");
  const auto open = caps.find("<arch>", host == std::string::npos ? 0 : host);
  const auto close = caps.find("</arch>", open);
  if (open == std::string::npos || close == std::string::npos) return "unknown";
  return caps.substr(open + 6, close - open - 6);
}

class Session : public LibvirtSession {
 public:
  explicit Session(virConnectPtr conn) : conn_(conn) {}
  ~Session() override { virConnectClose(conn_); }
  Status ReadFacts(const std::string& uri);
  const LibvirtHostFacts& facts() const override { return facts_; }
  std::unique_ptr<GuestVm> NewGuest(std::string xml, std::filesystem::path console_log,
                                    std::filesystem::path events_log) override {
    return std::make_unique<LibvirtGuest>(conn_, facts_.uri, std::move(xml), std::move(console_log),
                                          std::move(events_log));
  }

 private:
  virConnectPtr conn_;
  LibvirtHostFacts facts_;
};

Status Session::ReadFacts(const std::string& uri) {
  unsigned long hv = 0, lib = 0;
  if (virConnectGetVersion(conn_, &hv) < 0) return LibvirtError(uri + ": hypervisor version");
  if (virConnectGetLibVersion(conn_, &lib) < 0) return LibvirtError(uri + ": libvirt version");
  char* host = virConnectGetHostname(conn_);
  char* caps = virConnectGetCapabilities(conn_);
  char* real_uri = virConnectGetURI(conn_);
  virNodeInfo node{};
  const bool have_node = virNodeGetInfo(conn_, &node) == 0;
  facts_ = {.uri = real_uri ? real_uri : uri,
            .remote = UriNamesAHost(uri),
            .hostname = host ? host : "unknown",
            .hypervisor_version = LibvirtVersionString(hv),
            .libvirt_version = LibvirtVersionString(lib),
            .libvirt_version_number = lib,
            .arch = caps ? HostArch(caps) : "unknown",
            .cpu_model = have_node ? node.model : "unknown"};
  std::free(host);
  std::free(caps);
  std::free(real_uri);
  return OkStatus();
}

}  // namespace

Result<std::unique_ptr<LibvirtSession>> LibvirtSession::Open(const std::string& uri) {
  StartEventLoop();
  virConnectPtr conn = virConnectOpenAuth(uri.c_str(), virConnectAuthPtrDefault, 0);
  if (!conn) return LibvirtError("--connect " + uri + ": cannot connect");
  virConnectSetKeepAlive(conn, 5, 6);  // a remote host that stops answering: ~30 s
  auto session = std::make_unique<Session>(conn);
  if (const Status s = session->ReadFacts(uri); !s) return Error{"--connect " + s.error().message};
  return std::unique_ptr<LibvirtSession>(std::move(session));
}

}  // namespace memattr::host
