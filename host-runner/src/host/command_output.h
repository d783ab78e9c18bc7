// Runs a program (never through a shell) and returns what it printed on stdout and stderr.
//   Result<std::string> text = RunAndCapture({"/usr/bin/qemu-system-aarch64", "--version"});
#pragma once

#include <string>
#include <vector>

#include "host/subprocess.h"
#include "memattr/result.h"

namespace memattr::host {

// argv[0] is the program path. Errors: spawn failure (errno) or a non-zero exit, naming argv.
Result<std::string> RunAndCapture(const std::vector<std::string>& argv);

}  // namespace memattr::host
