#include "host/command_output.h"

#include <sys/wait.h>

namespace memattr::host {

Result<std::string> RunAndCapture(const std::vector<std::string>& argv) {
  std::string output;
  Result<int> status =
      RunWithOutput(argv, [&output](std::string_view chunk) { output.append(chunk); });
  if (!status) return status.error();
  if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0)
    return Error{argv[0] + " " + (argv.size() > 1 ? argv[1] : "") + ": exited with status " +
                 std::to_string(*status) + ": " + output.substr(0, 300)};
  return output;
}

}  // namespace memattr::host
