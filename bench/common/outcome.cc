#include "memattr/outcome.h"

#include <signal.h>

#include <cstdio>
#include <cstring>

namespace memattr {
namespace {

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

std::string SiCodeName(int sig, int code) {
  if (sig == SIGBUS) {
    switch (code) {
      case BUS_ADRALN:
        return "BUS_ADRALN";
      case BUS_ADRERR:
        return "BUS_ADRERR";
      case BUS_OBJERR:
        return "BUS_OBJERR";
    }
  } else if (sig == SIGSEGV) {
    switch (code) {
      case SEGV_MAPERR:
        return "SEGV_MAPERR";
      case SEGV_ACCERR:
        return "SEGV_ACCERR";
    }
  } else if (sig == SIGILL) {
    switch (code) {
      case ILL_ILLOPC:
        return "ILL_ILLOPC";
      case ILL_ILLOPN:
        return "ILL_ILLOPN";
    }
  }
  return "si_code " + std::to_string(code);
}

}  // namespace

Outcome Outcome::Fault(int signal, int si_code, std::uintptr_t address) {
  Outcome o{.kind = OutcomeKind::kFault,
            .reason = {},
            .signal = signal,
            .si_code = si_code,
            .address = address};
  o.reason = SignalName(signal) + " " + SiCodeName(signal, si_code);
  return o;
}
Outcome Outcome::FaultWithoutSignal(std::string what) {
  return {.kind = OutcomeKind::kFault, .reason = std::move(what)};
}
Outcome Outcome::WrongData(std::uint64_t expected, std::uint64_t got, std::string what) {
  return {
      .kind = OutcomeKind::kWrongData, .reason = std::move(what), .expected = expected, .got = got};
}
Outcome Outcome::Timeout(std::string what) {
  return {.kind = OutcomeKind::kTimeout, .reason = std::move(what)};
}
Outcome Outcome::Skipped(std::string why) {
  return {.kind = OutcomeKind::kSkipped, .reason = std::move(why)};
}
Outcome Outcome::Failed(std::string why) {
  return {.kind = OutcomeKind::kError, .reason = std::move(why)};
}

protocol::EventOutcome Outcome::ToEvent() const {
  return {.kind = kind,
          .reason = reason,
          .signal = signal,
          .si_code = si_code,
          .address = address,
          .expected = expected,
          .got = got};
}

Outcome Outcome::FromEvent(const protocol::EventOutcome& e) {
  return {.kind = e.kind,
          .reason = e.reason,
          .signal = e.signal,
          .si_code = e.si_code,
          .address = static_cast<std::uintptr_t>(e.address),
          .expected = e.expected,
          .got = e.got};
}

std::string Outcome::ToString() const {
  char buf[64];
  switch (kind) {
    case OutcomeKind::kOk:
      return "ok";
    case OutcomeKind::kFault:
      if (signal == 0) return "fault(" + reason + ")";
      std::snprintf(buf, sizeof buf, "0x%jx", static_cast<std::uintmax_t>(address));
      return "fault(" + SignalName(signal) + ", " + SiCodeName(signal, si_code) + ", " + buf + ")";
    case OutcomeKind::kWrongData:
      return "wrong-data(expected " + std::to_string(expected) + ", got " + std::to_string(got) +
             (reason.empty() ? "" : ": " + reason) + ")";
    default:
      return std::string(memattr::ToString(kind)) + "(" + reason + ")";
  }
}

}  // namespace memattr
