// The version ids of memattr's documents, and the name of the channel events travel on.
// A reader refuses a document whose id it does not know (the id changes when a field's
// meaning does).
#pragma once

namespace memattr::protocol {

// results.json (host-runner/docs/results_format.md) and memattr-bench's JSON: the value of
// context key memattr.schema (Debian's benchmark 1.7.1 writes no json_schema_version).
inline constexpr char kResultsSchema[] = "memattr.results/1";
// Each result event's `schema` (bench/docs/result_events.md).
inline constexpr char kEventSchema[] = "memattr.events/1";
// The guest manifest's `schema` (guest-agent/docs/manifest_format.md).
inline constexpr char kManifestSchema[] = "memattr.manifest/1";
// The virtio-serial port the agent streams events on (manifest `virtio_port`).
inline constexpr char kEventsPortName[] = "memattr.events";

}  // namespace memattr::protocol
