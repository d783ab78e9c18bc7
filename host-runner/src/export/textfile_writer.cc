#include "textfile_writer.h"

#include <prometheus/text_serializer.h>

#include <span>

#include "metrics_registry.h"
#include "results/atomic_file.h"

namespace memattr::host_export {

Status WriteTextfile(const RunMetrics& run, const std::filesystem::path& dir) {
  auto registry = BuildRegistry(std::span(&run, 1));
  const std::string text = prometheus::TextSerializer().Serialize(registry->Collect());
  const Status written = host::WriteFileAtomically(dir / kTextfileName, text);
  if (!written) return Error{"--textfile-dir: " + written.error().message};
  return OkStatus();
}

}  // namespace memattr::host_export
