#include "events/metrics_sink.h"

#include "memattr/protocol/metric_names.h"
#include "memattr/protocol/vocabulary.h"

namespace memattr::agent {
namespace {

namespace names = protocol::metric_names;
using nlohmann::json;

prometheus::Family<prometheus::Gauge>& Gauge(prometheus::Registry& registry, const char* name) {
  return prometheus::BuildGauge()
      .Name(name)
      .Help(std::string(names::HelpFor(name)))
      .Register(registry);
}

std::string Text(const json& e, const char* key) {
  return e.contains(key) && e[key].is_string() ? e[key].get<std::string>() : "";
}

}  // namespace

MetricsSink::MetricsSink(EventSink& inner, std::shared_ptr<prometheus::Registry> registry,
                         std::map<std::string, std::string> run_labels)
    : inner_(inner),
      registry_(std::move(registry)),
      run_labels_(run_labels.begin(), run_labels.end()),
      bandwidth_(Gauge(*registry_, names::kBandwidth)),
      latency_(Gauge(*registry_, names::kLoadLatency)),
      probe_outcome_(Gauge(*registry_, names::kProbeOutcome)),
      effective_type_(Gauge(*registry_, names::kRegionEffectiveType)),
      verdict_(Gauge(*registry_, names::kRegionVerdict)),
      run_info_(Gauge(*registry_, names::kRunInfo)) {}

prometheus::Labels MetricsSink::With(
    std::initializer_list<std::pair<const char*, std::string>> extra) const {
  prometheus::Labels labels = run_labels_;
  for (const auto& [key, value] : extra) labels[key] = value;
  return labels;
}

bool MetricsSink::Emit(json event) {
  const json copy = event;
  const bool ok = inner_.Emit(std::move(event));
  std::lock_guard lock(mu_);
  const std::string kind = Text(copy, "event");
  if (kind == "measurement") OnMeasurement(copy);
  if (kind == "probe_outcome") OnProbeOutcome(copy);
  if (kind == "verdict") OnVerdict(copy);
  if (kind == "run_end") run_info_.Add(With({{names::kLabelStatus, Text(copy, "status")}})).Set(1);
  return ok;
}

void MetricsSink::OnMeasurement(const json& e) {
  const json& run = e.value("run", json::object());
  if (run.value("error_occurred", false)) return;
  // Iteration runs set the value; a median aggregate, when there is one, has the last word.
  const std::string aggregate = run.value("aggregate_name", "");
  if (!aggregate.empty() && aggregate != "median") return;
  const prometheus::Labels labels =
      With({{names::kLabelRegion, Text(e, "region")},
            {names::kLabelAttribute, Text(e, "attribute")},
            {names::kLabelKernel, Text(e, "kernel")},
            {names::kLabelThreads, std::to_string(e.value("threads", 0))}});
  if (run.contains("bytes_per_second") && run["bytes_per_second"].is_number())
    bandwidth_.Add(labels).Set(run["bytes_per_second"].get<double>());
  if (run.contains("ns_per_load") && run["ns_per_load"].is_number())
    latency_.Add(labels).Set(run["ns_per_load"].get<double>() * 1e-9);
}

void MetricsSink::OnProbeOutcome(const json& e) {
  const std::string observed = e.value("outcome", json::object()).value("kind", "");
  for (std::string_view kind : protocol::AllWords<protocol::OutcomeKind>())
    probe_outcome_
        .Add(With({{names::kLabelRegion, Text(e, "region")},
                   {names::kLabelAttribute, Text(e, "attribute")},
                   {names::kLabelProbe, Text(e, "probe")},
                   {names::kLabelOutcome, std::string(kind)}}))
        .Set(observed == kind ? 1 : 0);
}

void MetricsSink::OnVerdict(const json& e) {
  const std::string given = Text(e, "verdict");
  effective_type_
      .Add(With({{names::kLabelRegion, Text(e, "region")},
                 {names::kLabelAttribute, Text(e, "attribute")},
                 {names::kLabelInferred, Text(e, "inferred")},
                 {names::kLabelExpected, Text(e, "expected")},
                 {names::kLabelVerdict, given}}))
      .Set(1);
  for (std::string_view verdict : protocol::AllWords<protocol::VerdictKind>())
    verdict_
        .Add(With({{names::kLabelRegion, Text(e, "region")},
                   {names::kLabelAttribute, Text(e, "attribute")},
                   {names::kLabelVerdict, std::string(verdict)}}))
        .Set(given == verdict ? 1 : 0);
}

Result<std::unique_ptr<prometheus::Exposer>> StartMetricsServer(
    const std::string& address, std::shared_ptr<prometheus::Registry> registry) {
  std::string bind = address;
  if (bind.find(':') == std::string::npos) bind = "127.0.0.1:" + bind;
  if (bind.front() == ':') bind = "127.0.0.1" + bind;
  try {
    auto exposer = std::make_unique<prometheus::Exposer>(bind);
    exposer->RegisterCollectable(registry);
    return exposer;
  } catch (const std::exception& e) {
    return Error{"--listen " + address + ": cannot serve metrics on " + bind + ": " + e.what()};
  }
}

}  // namespace memattr::agent
