// Renders a RunComparison: a text table for terminals, JSON for machines.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "run_comparison.h"

namespace memattr::compare {

std::string FormatComparison(const RunComparison& comparison, const std::string& label_a,
                             const std::string& label_b);
nlohmann::json ComparisonToJson(const RunComparison& comparison);

}  // namespace memattr::compare
