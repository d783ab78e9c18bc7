#include "libvirt/libvirt_guest.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "libvirt/domain_xml.h"
#include "libvirt/libvirt_error.h"
#include "libvirt/libvirt_qemu_vmflags.h"
#include "memattr/protocol/schema_ids.h"

namespace memattr::host {
namespace {

const char* EventName(int event) {
  switch (event) {
    case VIR_DOMAIN_EVENT_DEFINED:
      return "defined";
    case VIR_DOMAIN_EVENT_UNDEFINED:
      return "undefined";
    case VIR_DOMAIN_EVENT_STARTED:
      return "started";
    case VIR_DOMAIN_EVENT_SUSPENDED:
      return "suspended";
    case VIR_DOMAIN_EVENT_RESUMED:
      return "resumed";
    case VIR_DOMAIN_EVENT_STOPPED:
      return "stopped";
    case VIR_DOMAIN_EVENT_SHUTDOWN:
      return "shutdown";
    case VIR_DOMAIN_EVENT_PMSUSPENDED:
      return "pmsuspended";
    case VIR_DOMAIN_EVENT_CRASHED:
      return "crashed";
  }
  return "event";
}

const char* StoppedDetail(int detail) {
  switch (detail) {
    case VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN:
      return "shutdown";
    case VIR_DOMAIN_EVENT_STOPPED_DESTROYED:
      return "destroyed";
    case VIR_DOMAIN_EVENT_STOPPED_CRASHED:
      return "crashed";
    case VIR_DOMAIN_EVENT_STOPPED_FAILED:
      return "failed";
  }
  return "other";
}

int OnLifecycle(virConnectPtr, virDomainPtr, int event, int detail, void* opaque) {
  static_cast<LibvirtGuest*>(opaque)->OnLifecycleEvent(event, detail);
  return 0;
}

}  // namespace

LibvirtGuest::LibvirtGuest(virConnectPtr conn, std::string uri, std::string xml,
                           std::filesystem::path console_log, std::filesystem::path events_log)
    : conn_(conn),
      uri_(std::move(uri)),
      xml_(std::move(xml)),
      console_log_(std::move(console_log)),
      events_log_(std::move(events_log)) {}

LibvirtGuest::~LibvirtGuest() {
  Stop();
  if (events_read_fd_ >= 0) ::close(events_read_fd_);
}

std::map<std::string, std::string> LibvirtGuest::BackingVmFlags(
    const std::vector<std::string>& paths) const {
  if (!domain_) return {{"error", "unavailable: the domain was not created"}};
  return ReadLibvirtQemuVmFlags(uri_, virDomainGetName(domain_), paths);
}

void LibvirtGuest::Log(const std::string& line) {
  std::ofstream(events_log_, std::ios::app) << line << "\n";
}

void LibvirtGuest::OnLifecycleEvent(int event, int detail) {
  std::string line = std::string("libvirt: domain ") + EventName(event);
  if (event == VIR_DOMAIN_EVENT_STOPPED) line += std::string(" (") + StoppedDetail(detail) + ")";
  // QEMU pauses a guest KVM cannot run ("kvm run failed", "KVM internal error"): libvirt reports
  // it as suspended/paused with reason crashed; the supervisor treats it as a KVM stop.
  const bool kvm_stop =
      event == VIR_DOMAIN_EVENT_SUSPENDED && (detail == VIR_DOMAIN_EVENT_SUSPENDED_IOERROR ||
                                              detail == VIR_DOMAIN_EVENT_SUSPENDED_API_ERROR);
  if (event == VIR_DOMAIN_EVENT_CRASHED || kvm_stop)
    line += " (KVM internal error or guest crash reported by QEMU, detail " +
            std::to_string(detail) + ")";
  Log(line);
  if (event == VIR_DOMAIN_EVENT_STOPPED) {
    std::lock_guard<std::mutex> lock(mutex_);
    ended_ = true;
    how_ = std::string("domain stopped (") + StoppedDetail(detail) + ")";
  }
}

Status LibvirtGuest::OpenStreams() {
  virStreamPtr console = virStreamNew(conn_, 0);
  if (!console || virDomainOpenConsole(domain_, nullptr, console, VIR_DOMAIN_CONSOLE_FORCE) < 0) {
    if (console) virStreamFree(console);
    return LibvirtError("open the domain console");
  }
  const int console_fd =
      ::open(console_log_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (console_fd < 0) {
    virStreamAbort(console);
    virStreamFree(console);
    return ErrnoError(console_log_.string(), "open");
  }
  console_.emplace(console, console_fd);
  virStreamPtr events = virStreamNew(conn_, 0);
  if (!events || virDomainOpenChannel(domain_, protocol::kEventsPortName, events, 0) < 0) {
    if (events) virStreamFree(events);
    return LibvirtError(std::string("open the domain channel ") + protocol::kEventsPortName);
  }
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    virStreamAbort(events);
    virStreamFree(events);
    return ErrnoError("pipe", "event channel");
  }
  events_read_fd_ = pipe_fds[0];
  events_.emplace(events, pipe_fds[1]);
  return OkStatus();
}

Status LibvirtGuest::Start() {
  domain_ = virDomainCreateXML(conn_, xml_.c_str(),
                               VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_AUTODESTROY);
  if (!domain_) return LibvirtError("create the domain");
  Log(std::string("libvirt: domain ") + virDomainGetName(domain_) + " created paused");
  char** messages = nullptr;  // libvirt's own taint notes, e.g. custom-argv
  const int n = virDomainGetMessages(domain_, &messages, VIR_DOMAIN_MESSAGE_TAINTING);
  for (int i = 0; i < n; ++i) {
    Log(std::string("libvirt: ") + messages[i]);
    std::free(messages[i]);
  }
  std::free(messages);
  callback_id_ =
      virConnectDomainEventRegisterAny(conn_, domain_, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                       VIR_DOMAIN_EVENT_CALLBACK(OnLifecycle), this, nullptr);
  if (const Status s = OpenStreams(); !s) return s;
  if (virDomainResume(domain_) < 0) return LibvirtError("resume the domain");
  return OkStatus();
}

Result<GuestChannel> LibvirtGuest::ConnectEvents(Clock::time_point, const std::function<bool()>&) {
  if (events_read_fd_ < 0) return Error{"the domain's event channel is not open"};
  const int fd = std::exchange(events_read_fd_, -1);
  return GuestChannel::FromFd(fd);
}

bool LibvirtGuest::Alive() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (ended_) return false;
  }
  if (!domain_) return false;
  int state = 0, reason = 0;
  if (virDomainGetState(domain_, &state, &reason, 0) < 0 || state == VIR_DOMAIN_SHUTOFF) {
    std::lock_guard<std::mutex> lock(mutex_);  // gone before its stopped event arrived
    ended_ = true;
    if (how_.empty()) how_ = "domain gone (" + LastLibvirtMessage() + ")";
    return false;
  }
  return true;
}

void LibvirtGuest::Stop() {
  if (!domain_) return;
  if (Alive() && virDomainDestroy(domain_) == 0) Log("libvirt: domain destroyed by memattr-host");
  if (callback_id_ >= 0) virConnectDomainEventDeregisterAny(conn_, callback_id_);
  callback_id_ = -1;
  if (console_) console_->Join();  // the destroyed domain's chardevs close its streams
  if (events_) events_->Join();
  virDomainFree(domain_);
  domain_ = nullptr;
  std::lock_guard<std::mutex> lock(mutex_);
  if (!ended_) {
    ended_ = true;
    how_ = "domain destroyed";
  }
}

std::string LibvirtGuest::HowItEnded() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return how_.empty() ? "domain running" : how_;
}

}  // namespace memattr::host
