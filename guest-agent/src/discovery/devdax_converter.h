// Turns a pmem namespace into device-DAX with ndctl, run by fork/exec (no shell) through an
// injectable CommandRunner so tests can stand in for ndctl.
//   Status s = ConvertToDevdax("namespace0.0", RunCommand);
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "memattr/result.h"

namespace memattr::agent {

struct CommandResult {
  int exit_code = 0;
  std::string output;  // stdout and stderr, interleaved
};
using CommandRunner = std::function<Result<CommandResult>(const std::vector<std::string>& argv)>;

// fork + execvp(argv[0]); waits; errors only when it could not run at all.
Result<CommandResult> RunCommand(const std::vector<std::string>& argv);

// The argv used: ndctl create-namespace -f -e NAME -m devdax -a 2M
std::vector<std::string> DevdaxConversionArgv(const std::string& namespace_name);
// Runs it; an error names the namespace, the exit code and ndctl's output.
Status ConvertToDevdax(const std::string& namespace_name, const CommandRunner& run);

}  // namespace memattr::agent
