// Collects, from the guest's events of every boot of a run, the evidence its inference rests on:
// each probe's outcome and each kernel's time per iteration (measurement_end). The next boot's
// manifest carries it as earlier_evidence (guest-agent/docs/manifest_format.md), so a restarted
// run infers each verdict from every boot, as an uninterrupted run would.
//   EarlierEvidence evidence;  evidence.OnEvent(event);  ...  facts.earlier_evidence =
//   evidence.entries();
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "memattr/protocol/manifest.h"

namespace memattr::host {

class EarlierEvidence {
 public:
  // REQUIRES: `event` passed protocol::ParseGuestEvent.
  void OnEvent(const nlohmann::json& event);
  // One entry per probe outcome / timing, in arrival order.
  const std::vector<protocol::ManifestEarlierEvidence>& entries() const { return entries_; }

 private:
  std::vector<protocol::ManifestEarlierEvidence> entries_;
};

}  // namespace memattr::host
