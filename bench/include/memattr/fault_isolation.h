// Runs a probe so that SIGBUS/SIGSEGV/SIGILL or a hang becomes an Outcome and the caller
// keeps going (R8, R9). The body runs in a forked child; mappings made before the call are
// visible to it (MAP_SHARED ones are shared, private ones copied).
//   Outcome o = RunIsolated([&] { return UnalignedLoad8(region.bytes()); }, {.timeout = 5s});
#pragma once

#include <chrono>
#include <functional>

#include "memattr/outcome.h"

namespace memattr {

struct IsolationOptions {
  std::chrono::milliseconds timeout{10000};
};

// kOk / kWrongData / ... as the body returns them; kFault(signal, si_code, address) if the
// body took a signal; kTimeout if it ran past the timeout (the child is killed);
// kError if the child could not be started or died without reporting.
Outcome RunIsolated(const std::function<Outcome()>& body, const IsolationOptions& options = {});

}  // namespace memattr
