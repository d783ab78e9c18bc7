// libFuzzer target: the guest manifest (memattr-agent's input, from the host through fw_cfg)
// through the protocol's one manifest parser. Any input must give a Manifest or an Error naming the
// field.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "memattr/protocol/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)memattr::protocol::ParseManifest(text, "fuzz-manifest.json");
  return 0;
}
