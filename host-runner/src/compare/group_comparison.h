// `memattr-host compare FLEETDIR --group-by LABEL`: the fleet's runs of one scenario split by a
// host label (e.g. kernel_line: a vs b), each group merged into one run compare takes unchanged:
// the repetitions of every host in the group pooled per benchmark (so Mann-Whitney and Holm-
// Bonferroni apply per group as they do per run), a verdict, probe outcome or fact the group's
// hosts disagree on shown as "mixed: X | Y".
//   Result<LabelGroups> g = GroupFleetRuns("fleet", "kernel_line", "");
//   RunComparison c = CompareRuns(MergeGroup(g->runs_a), MergeGroup(g->runs_b), {});
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "memattr/result.h"
#include "run_comparison.h"

namespace memattr::compare {

struct LabelGroups {
  std::string label, value_a, value_b;  // value_a < value_b
  std::vector<RunResults> runs_a, runs_b;
};

// Every DIR/<host>/<dir>/results.json of `scenario` (empty: the fleet's only scenario), split by
// memattr.labels[label]. Errors: no runs, more than one scenario and none chosen, a run without
// the label (named), or not exactly two values of it (listed).
Result<LabelGroups> GroupFleetRuns(const std::filesystem::path& fleet_dir, const std::string& label,
                                   const std::string& scenario);

// One run standing for `runs` (at least one); `source` names the group in messages.
RunResults MergeGroup(const std::vector<RunResults>& runs, const std::string& source);

}  // namespace memattr::compare
