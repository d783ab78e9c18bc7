// Collects, from the guest's events of every boot of a run, the evidence its inference rests on:
// each probe's outcome and each kernel's time per iteration (measurement_end). The next boot's
// manifest carries it as earlier_evidence (guest-agent/docs/manifest_format.md), so a restarted
// run infers each verdict from every boot, as an uninterrupted run would.
//   EarlierEvidence evidence;  evidence.OnEvent(event);  ...  facts.earlier_evidence =
//   evidence.ToJson();
#pragma once

#include <nlohmann/json.hpp>

namespace memattr::host {

class EarlierEvidence {
 public:
  // REQUIRES: `event` passed protocol::ParseGuestEvent.
  void OnEvent(const nlohmann::json& event);
  // One entry per probe outcome / timing, in arrival order.
  const nlohmann::json& ToJson() const { return entries_; }

 private:
  nlohmann::json entries_ = nlohmann::json::array();
};

}  // namespace memattr::host
