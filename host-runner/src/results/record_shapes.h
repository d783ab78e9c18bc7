// The JSON types of every field memattr-host reads from untrusted records: guest event lines
// (bench/docs/result_events.md) and results files (host-runner/docs/results_format.md). Readers
// check a record here once; code past the check may read its fields with nlohmann's value() and
// get<>() without a type_error. Absent fields are allowed (readers have defaults).
//   std::string why = GuestEventProblem(event);   // "seq: expected integer, got string"
//   Status ok = CheckResultsShape(doc, "run/results.json");
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "memattr/result.h"

namespace memattr::host {

// "" when the event is shaped as its kind says; else "FIELD: expected KIND, got TYPE".
std::string GuestEventProblem(const nlohmann::json& event);

// The same for memattr-host's own lines (guest_start, guest_crash, ...), as L1 relays them.
std::string HostEventProblem(const nlohmann::json& event);

// Every record of a results.json (context, benchmarks[], memattr.*[]); errors name source and
// field path ("run/results.json: memattr.probes[2].outcome.kind: expected string, got number").
Status CheckResultsShape(const nlohmann::json& results, const std::string& source);

}  // namespace memattr::host
