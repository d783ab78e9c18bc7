// memattr-host's own lines in events.jsonl (host-runner/docs/results_format.md, "Host events"):
// one type per kind, one writer (ToJson; ResultsDir stamps "source": "host" and time) and one
// checked parser (ParseHostLine) for what L1 relays and what --resume replays. Errors name the
// field ("boot: expected integer, got string"); a kind not listed here is an error too.
//   dir.AppendHostEvent(ToJson(GuestStart{.boot = 2, .skip_cells = 14}));
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "memattr/result.h"

namespace memattr::protocol {

struct GuestStart {
  int boot = 0;
  std::uint64_t skip_cells = 0;        // how many cells the manifest told the agent to skip
  std::uint64_t earlier_evidence = 0;  // how many earlier outcomes/timings it was given
  bool operator==(const GuestStart&) const = default;
};

// QEMU's smaps VmFlags of each backing file (path -> flags), read at the boot's first event.
struct HostFactsEvent {
  int boot = 0;
  nlohmann::json backing_vmflags = nlohmann::json::object();
  bool operator==(const HostFactsEvent&) const = default;
};

struct GuestCrash {
  int boot = 0;
  std::string end;     // guest-crashed, qemu-exited, vm-stopped, ... (BootEnd's words)
  std::string step;    // "probe P on R/A", "kernel K xT on R/A", "boot", "between cells"
  std::string reason;  // console line, exit status or timeout
  std::vector<std::string> host_kernel_log;
  bool operator==(const GuestCrash&) const = default;
};

struct GuestRestart {
  int boot = 0;  // the next one
  std::uint64_t skip_cells = 0;
  bool operator==(const GuestRestart&) const = default;
};

// The last line an L1 memattr-host relays: its exit code.
struct NestedRunEnd {
  int exit_code = 0;
  bool operator==(const NestedRunEnd&) const = default;
};

using HostLine = std::variant<GuestStart, HostFactsEvent, GuestCrash, GuestRestart, NestedRunEnd>;

nlohmann::json ToJson(const HostLine& line);
std::string KindOf(const HostLine& line);
// True for the kinds above (L1's own lines, which carry no seq).
bool IsHostLineKind(const std::string& kind);
Result<HostLine> ParseHostLine(const nlohmann::json& object);

}  // namespace memattr::protocol
