#include "run/earlier_evidence.h"

#include "memattr/protocol/result_events.h"

namespace memattr::host {

void EarlierEvidence::OnEvent(const nlohmann::json& e) {
  Result<protocol::ResultEvent> event = protocol::ParseResultEvent(e);
  if (!event) return;
  // Host-observed outcomes go back through host_outcomes, with the host's own lines.
  if (const auto* p = std::get_if<protocol::ProbeOutcome>(&*event)) {
    const auto attribute = protocol::Parse<protocol::MemoryAttribute>(p->attribute);
    if (!p->source.empty() || !e.contains("outcome") || !attribute) return;
    protocol::ManifestEarlierEvidence outcome;
    outcome.region = p->region;
    outcome.attribute = *attribute;
    outcome.probe = p->probe;
    outcome.outcome = p->outcome;
    entries_.push_back(std::move(outcome));
  } else if (const auto* m = std::get_if<protocol::MeasurementEnd>(&*event)) {
    const auto attribute = protocol::Parse<protocol::MemoryAttribute>(m->attribute);
    if (!e.contains("ns_per_iteration") || !attribute) return;
    protocol::ManifestEarlierEvidence timing;
    timing.region = m->region;
    timing.attribute = *attribute;
    timing.kernel = m->kernel;
    timing.threads = e.contains("threads") ? m->threads : 1;
    timing.ns_per_iteration = m->ns_per_iteration;
    entries_.push_back(std::move(timing));
  }
}

}  // namespace memattr::host
