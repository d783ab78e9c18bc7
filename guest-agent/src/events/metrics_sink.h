// MetricsSink: forwards every event to another sink and keeps the results as Prometheus
// metrics (names: memattr/protocol/metric_names.h) for `memattr-agent --listen` on bare
// metal. Built only where prometheus-cpp exists (not in the arm64 cross build).
//   auto registry = std::make_shared<prometheus::Registry>();
//   MetricsSink metrics(sink, registry, {{"scenario", "bare-metal"}});
//   auto server = StartMetricsServer("127.0.0.1:9464", registry);
#pragma once

#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <map>
#include <memory>
#include <string>

#include "memattr/event_sink.h"
#include "memattr/result.h"

namespace memattr::agent {

class MetricsSink : public EventSink {
 public:
  // REQUIRES: `inner` outlives this. `run_labels` go on every series (bounded values only).
  MetricsSink(EventSink& inner, std::shared_ptr<prometheus::Registry> registry,
              std::map<std::string, std::string> run_labels);
  // Forwards first (the stream is the record), then updates the metrics.
  bool Emit(nlohmann::json event) override;

 private:
  prometheus::Labels With(std::initializer_list<std::pair<const char*, std::string>> extra) const;
  void OnMeasurement(const nlohmann::json& e);
  void OnProbeOutcome(const nlohmann::json& e);
  void OnVerdict(const nlohmann::json& e);

  EventSink& inner_;
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Labels run_labels_;
  std::mutex mu_;
  prometheus::Family<prometheus::Gauge>& bandwidth_;
  prometheus::Family<prometheus::Gauge>& latency_;
  prometheus::Family<prometheus::Gauge>& probe_outcome_;
  prometheus::Family<prometheus::Gauge>& effective_type_;
  prometheus::Family<prometheus::Gauge>& verdict_;
  prometheus::Family<prometheus::Gauge>& run_info_;
};

// Serves `registry` at http://ADDR/metrics. ADDR "PORT" or ":PORT" binds 127.0.0.1 (loopback
// by default). Errors name the address (civetweb's bind failure).
Result<std::unique_ptr<prometheus::Exposer>> StartMetricsServer(
    const std::string& address, std::shared_ptr<prometheus::Registry> registry);

}  // namespace memattr::agent
