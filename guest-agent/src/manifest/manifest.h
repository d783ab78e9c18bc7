// Manifest: what the host asked the agent to do (guest-agent/docs/manifest_format.md). The types,
// their one writer and one parser are the protocol's (memattr/protocol/manifest.h); the agent
// reads them under its own namespace. A default-constructed Manifest means "no manifest:
// discover everything".
//   Manifest m = *ParseManifest(text, "fw_cfg");
//   for (const ManifestRegion& r : m.regions) ...
#pragma once

#include "memattr/memory_attribute.h"
#include "memattr/outcome.h"
#include "memattr/protocol/manifest.h"
#include "memattr/protocol/schema_ids.h"

namespace memattr::agent {

using protocol::HostOutcomeKind;
using protocol::kManifestSchema;
using protocol::Manifest;
using protocol::ManifestEarlierEvidence;
using protocol::ManifestHostFacts;
using protocol::ManifestHostOutcome;
using protocol::ManifestRegion;
using protocol::ManifestRegionKind;
using protocol::ManifestSkipCell;
using protocol::PciSelector;

}  // namespace memattr::agent
