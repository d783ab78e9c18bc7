// libFuzzer target: scenario YAML (memattr-host run's input) through the one scenario parser.
// Any input must give a Scenario or an Error, never a crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scenario/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)memattr::host::ParseScenarioText(text, "/fuzz/scenario.yaml");
  return 0;
}
