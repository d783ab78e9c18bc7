// The outcome of a probe or a kernel run: ok, fault(signal, si_code, address),
// wrong-data(expected, got), timeout, skipped(reason) or error(reason). A fault with signal 0
// never reached the guest as a signal: the host saw it (a stage-2 fault that stopped the VM).
// Shared by bench (producer), the agent (inference) and the host (reports).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "memattr/protocol/result_events.h"
#include "memattr/protocol/vocabulary.h"

namespace memattr {

using protocol::OutcomeKind;
using protocol::ToString;  // "ok", "fault", "wrong-data", "timeout", "skipped", "error"

struct Outcome {
  OutcomeKind kind = OutcomeKind::kOk;
  std::string reason;          // required unless kOk
  int signal = 0;              // kFault
  int si_code = 0;             // kFault
  std::uintptr_t address = 0;  // kFault: si_addr
  std::uint64_t expected = 0;  // kWrongData
  std::uint64_t got = 0;       // kWrongData

  static Outcome Ok() { return {}; }
  static Outcome Fault(int signal, int si_code, std::uintptr_t address);
  // kFault without a guest signal: `what` says where it was taken and who saw it.
  static Outcome FaultWithoutSignal(std::string what);
  static Outcome WrongData(std::uint64_t expected, std::uint64_t got, std::string what);
  static Outcome Timeout(std::string what);
  static Outcome Skipped(std::string why);
  static Outcome Failed(std::string why);  // kError: the probe itself could not run

  bool ok() const { return kind == OutcomeKind::kOk; }
  // e.g. "fault(SIGBUS, BUS_ADRALN, 0x7f12...)", "fault(stage-2 fault ...)" (no signal) or
  // "wrong-data(expected 200, got 198: ...)".
  std::string ToString() const;
  // As result events carry it (probe_outcome's `outcome`).
  protocol::EventOutcome ToEvent() const;
  static Outcome FromEvent(const protocol::EventOutcome& event);
};

}  // namespace memattr
