// Follows the matrix cells through the event stream: which were started (and so must not run
// again after a restart) and which one was running when a guest died.
//   tracker.OnEvent(event);
//   if (auto cell = tracker.RunningCell()) failure.step = Describe(*cell);
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scenario/manifest_writer.h"

namespace memattr::host {

// The cell an event is about, if any (probe_*, measurement*, cell_skipped).
std::optional<CellId> CellOf(const nlohmann::json& event);
// "probe unaligned_load_8 on bar0/device-ngnre", "kernel stream_copy x2 on dax0/normal-wb"
std::string Describe(const CellId& cell);

class CellTracker {
 public:
  void OnEvent(const nlohmann::json& event);
  // Every cell seen in any boot (done, skipped by the guest, or the one that crashed).
  std::vector<CellId> StartedCells() const { return {started_.begin(), started_.end()}; }
  // The cell begun and not finished: the step a guest was on when it died.
  std::optional<CellId> RunningCell() const { return running_; }
  void OnBootEnd() { running_.reset(); }
  // The running cell did not take a guest down (memattr-host itself died): it may run again.
  void ForgetRunning() {
    if (running_) started_.erase(*running_);
    running_.reset();
  }

 private:
  std::set<CellId> started_;
  std::optional<CellId> running_;
};

}  // namespace memattr::host
