// The one way memattr-host runs other programs (never through a shell), stdin on /dev/null: to
// completion with stdout and stderr on one pipe handed over chunk by chunk as they arrive, or in
// the background with both appended to a log (a fleet's runs; the caller waits for the pid).
// QEMU is not run this way: it needs its own process group and PDEATHSIG (vm/qemu_process.h).
//   Result<int> status = RunWithOutput({"/usr/bin/true"}, [](std::string_view) {});
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "memattr/result.h"

namespace memattr::host {

// argv[0] is the program path. Returns the wait status; errors name argv[0] and errno.
Result<int> RunWithOutput(const std::vector<std::string>& argv,
                          const std::function<void(std::string_view)>& on_output);

// Starts argv with stdout and stderr appended to `log` (created 0644). Returns the child's pid.
Result<pid_t> SpawnWithLog(const std::vector<std::string>& argv, const std::string& log);

// Builds a NULL-terminated char* vector pointing into `argv` (valid while argv lives).
std::vector<char*> ToExecArgv(const std::vector<std::string>& argv);

}  // namespace memattr::host
