// The JSON types of every field memattr-host reads from a results file
// (host-runner/docs/results_format.md); event lines are checked by the protocol's parsers
// (memattr/protocol/result_events.h, host_lines.h). Readers check a record
// here once; code past the check may read its fields with nlohmann's value() and get<>() without
// a type_error. Absent fields are allowed (readers have defaults).
//   Status ok = CheckResultsShape(doc, "run/results.json");
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "memattr/result.h"

namespace memattr::host {

// Every record of a results.json (context, benchmarks[], memattr.*[]); errors name source and
// field path ("run/results.json: memattr.probes[2].outcome.kind: expected string, got number").
Status CheckResultsShape(const nlohmann::json& results, const std::string& source);

}  // namespace memattr::host
