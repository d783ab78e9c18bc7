// The result events (schema memattr.events/1, bench/docs/result_events.md): one type per kind,
// one writer (ToJson) and one checked parser (ParseResultEvent). memattr-bench and memattr-agent
// write them through an EventSink (which stamps schema, seq and time); memattr-host's recorder
// and the nested relay parse each untrusted line with ParseGuestEvent after ParseBoundedJson.
// Absent fields keep their defaults (readers have defaults); a field of the wrong type is an
// error naming it ("outcome.kind: expected string, got number"). Kinds this version does not
// know parse as UnknownEvent, which every reader ignores.
//   sink.Emit(ToJson(ProbeBegin{.region = "dax0.0", .attribute = "normal-nc", .probe = "p"}));
//   Result<GuestEvent> e = ParseGuestEvent(*ParseBoundedJson(line, where));
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "memattr/protocol/vocabulary.h"
#include "memattr/result.h"

namespace memattr::protocol {

// A probe's (or a kernel run's) outcome as it travels: bench's Outcome without its methods.
struct EventOutcome {
  OutcomeKind kind = OutcomeKind::kOk;
  std::string reason;
  int signal = 0;
  int si_code = 0;
  std::uint64_t address = 0;
  std::uint64_t expected = 0;
  std::uint64_t got = 0;
  bool operator==(const EventOutcome&) const = default;
};

// `facts` is an open set (bench and the agent each add theirs): kept as a JSON object.
struct RunStart {
  nlohmann::json facts = nlohmann::json::object();
  std::map<std::string, std::string> labels;
  std::string manifest;  // the agent's: where the manifest came from ("" = not written)
  bool operator==(const RunStart&) const = default;
};

struct EventRegion {
  std::string name;
  std::string kind;
  std::string backing;
  std::string path;
  std::uint64_t size_bytes = 0;
  int numa_node = -1;
  std::vector<std::string> attributes;  // reachable attribute names
  std::vector<std::string> notes;
  bool operator==(const EventRegion&) const = default;
};

struct RegionFound {
  EventRegion region;
  bool operator==(const RegionFound&) const = default;
};

struct RegionSkipped {
  std::string region;
  std::string reason;
  bool operator==(const RegionSkipped&) const = default;
};

// Empty fields are not written: a whole cell has neither kernel nor probe, a plan's kernel
// skip (memattr-bench) has no region.
struct CellSkipped {
  std::string region;
  std::string attribute;
  std::string kernel;
  std::string probe;
  std::string reason;
  bool operator==(const CellSkipped&) const = default;
};

struct ProbeBegin {
  std::string region;
  std::string attribute;
  std::string probe;
  bool operator==(const ProbeBegin&) const = default;
};

// With source "host-observed": what the host saw the probe do when it took a boot down.
struct ProbeOutcome {
  std::string region;
  std::string attribute;
  std::string probe;
  EventOutcome outcome;
  std::string source;        // "" (the guest ran it) or "host-observed"
  std::string host_outcome;  // host-observed only
  std::vector<std::string> evidence;
  bool operator==(const ProbeOutcome&) const = default;
};

struct MeasurementBegin {
  std::string region;
  std::string attribute;
  std::string kernel;
  int threads = 0;
  bool operator==(const MeasurementBegin&) const = default;
};

// `run` is Google Benchmark's run record unchanged; region/attribute/kernel are "" when the
// benchmark's name is not memattr's.
struct Measurement {
  std::string region;
  std::string attribute;
  std::string kernel;
  int threads = 0;
  nlohmann::json run = nlohmann::json::object();
  bool operator==(const Measurement&) const = default;
};

struct MeasurementEnd {
  std::string region;
  std::string attribute;
  std::string kernel;
  int threads = 0;
  double ns_per_iteration = 0;
  bool operator==(const MeasurementEnd&) const = default;
};

struct VerdictEvent {
  std::string region;
  std::string attribute;  // requested
  std::string inferred;
  std::string expected;
  std::string verdict;
  std::string reason;
  std::vector<std::string> evidence;
  std::vector<std::string> unobservable;
  std::vector<std::string> expected_reasoning;
  bool operator==(const VerdictEvent&) const = default;
};

struct LogEvent {
  std::string level;
  std::string message;
  bool operator==(const LogEvent&) const = default;
};

// `counts` is per writer (memattr-bench: runs/errors/skipped; the agent: regions, cells, ...).
struct RunEnd {
  std::string status;  // "ok" / "failed"
  std::string reason;
  nlohmann::json counts = nlohmann::json::object();
  bool operator==(const RunEnd&) const = default;
};

// A kind this version does not know: kept whole, ignored by readers.
struct UnknownEvent {
  std::string kind;
  nlohmann::json fields = nlohmann::json::object();
  bool operator==(const UnknownEvent&) const = default;
};

using ResultEvent = std::variant<RunStart, RegionFound, RegionSkipped, CellSkipped, ProbeBegin,
                                 ProbeOutcome, MeasurementBegin, Measurement, MeasurementEnd,
                                 VerdictEvent, LogEvent, RunEnd, UnknownEvent>;

// The event's object without the envelope (schema, seq, time: the sink stamps them).
nlohmann::json ToJson(const EventOutcome& outcome);
nlohmann::json ToJson(const ResultEvent& event);

// "run_start", "probe_outcome", ...
std::string KindOf(const ResultEvent& event);

// A guest's line as the host receives it: the envelope and the typed event.
struct GuestEvent {
  std::int64_t seq = 0;
  double time = 0;
  std::string schema;
  ResultEvent event;
  bool operator==(const GuestEvent&) const = default;
};

// The whole line's object: the event plus its envelope (as an EventSink stamps it).
nlohmann::json ToJson(const GuestEvent& line);

// Errors name the field: "seq: missing", "outcome.kind: expected string, got number".
Result<ResultEvent> ParseResultEvent(const nlohmann::json& object);
Result<GuestEvent> ParseGuestEvent(const nlohmann::json& object);

}  // namespace memattr::protocol
