// Names that become paths (scenario name, region names, nested host kernel series) follow one
// documented rule, and every path memattr-host builds from a name is built here: the name is
// checked again and the joined path is proven to stay under its root.
//   IsSafeName("dax0") == true;  IsSafeName("../x") == false
//   Result<fs::path> img = PathUnder(results_dir, region.name + ".img");
#pragma once

#include <filesystem>
#include <string_view>

#include "memattr/result.h"

namespace memattr::host {

// host-runner/docs/scenario_format.md "Names": a letter, then up to 63 letters, digits, '.', '_'
// or '-'. No '/', no "..", nothing QEMU's id= would refuse.
inline constexpr char kSafeNameRule[] = "a letter, then up to 63 letters, digits, '.', '_' or '-'";
bool IsSafeName(std::string_view name);

// root / component, where `component` is one safe file name (the rule above, plus a suffix
// like ".img" or "-20261204T120000Z"); an Error naming both when it is not, or when the result
// would not lie under `root`.
Result<std::filesystem::path> PathUnder(const std::filesystem::path& root,
                                        std::string_view component);

}  // namespace memattr::host
