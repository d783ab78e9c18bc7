#include "run/cell_tracker.h"

namespace memattr::host {
namespace {

std::string Str(const nlohmann::json& e, const char* key) {
  const auto it = e.find(key);
  return it != e.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

std::optional<CellId> CellOf(const nlohmann::json& e) {
  const std::string kind = Str(e, "event");
  if (kind != "probe_begin" && kind != "probe_outcome" && kind != "measurement_begin" &&
      kind != "measurement" && kind != "measurement_end" && kind != "cell_skipped")
    return std::nullopt;
  CellId cell{Str(e, "region"), Str(e, "attribute"), Str(e, "kernel"), Str(e, "probe"), 0};
  if (!cell.kernel.empty()) cell.threads = e.value("threads", 1);
  if (cell.region.empty() || (cell.kernel.empty() == cell.probe.empty())) return std::nullopt;
  return cell;
}

std::string Describe(const CellId& cell) {
  const std::string where = " on " + cell.region + "/" + cell.attribute;
  if (!cell.probe.empty()) return "probe " + cell.probe + where;
  return "kernel " + cell.kernel + " x" + std::to_string(cell.threads) + where;
}

void CellTracker::OnEvent(const nlohmann::json& event) {
  const std::string kind = event.value("event", "");
  const std::optional<CellId> cell = CellOf(event);
  if (!cell) {
    if (kind == "verdict" || kind == "run_end") running_.reset();
    return;
  }
  started_.insert(*cell);
  if (kind == "probe_begin" || kind == "measurement_begin")
    running_ = cell;
  else if (kind == "probe_outcome" || kind == "cell_skipped" || kind == "measurement_end")
    running_.reset();
  else if (kind == "measurement" && running_ != cell)
    running_ = cell;  // kernels without *_begin
}

}  // namespace memattr::host
