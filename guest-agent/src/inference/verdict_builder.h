// Turns the matrix's results into inference inputs, one per probed/measured (region,
// attribute) cell: its probe outcomes, and one timing figure compared with the two references
// of the same run (guest RAM as Normal-WB, a BAR as Device-nGnRE; same kernel and threads).
//   std::vector<Verdict> v = BuildVerdicts(plan, results, regions, facts);
#pragma once

#include <vector>

#include "discovery/discovered_region.h"
#include "inference/effective_type_inference.h"
#include "matrix/attribute_matrix.h"
#include "matrix/matrix_runner.h"

namespace memattr::agent {

struct VerdictContext {
  Arch arch = ThisArch();
  StageTwoFacts host;  // accel, host kernel, cap 243, FWB; kind/backing are set per region
};

// REQUIRES: results.cells parallel to plan.cells; regions as given to BuildMatrix.
std::vector<InferenceInput> BuildInferenceInputs(const MatrixPlan& plan,
                                                 const MatrixResults& results,
                                                 const std::vector<DiscoveredRegion>& regions,
                                                 const VerdictContext& context);

}  // namespace memattr::agent
