#include "run/earlier_evidence.h"

namespace memattr::host {

void EarlierEvidence::OnEvent(const nlohmann::json& e) {
  const std::string kind = e.value("event", "");
  if (kind != "probe_outcome" && kind != "measurement_end") return;  // region_found: an object
  nlohmann::json entry{{"region", e.value("region", "")}, {"attribute", e.value("attribute", "")}};
  // Host-observed outcomes go back through host_outcomes, with the host's own lines.
  if (kind == "probe_outcome" && !e.contains("source") && e.contains("outcome")) {
    entry["probe"] = e.value("probe", "");
    entry["outcome"] = e["outcome"];
  } else if (kind == "measurement_end" && e.contains("ns_per_iteration")) {
    entry["kernel"] = e.value("kernel", "");
    entry["threads"] = e.value("threads", 1);
    entry["ns_per_iteration"] = e["ns_per_iteration"];
  } else {
    return;
  }
  entries_.push_back(std::move(entry));
}

}  // namespace memattr::host
