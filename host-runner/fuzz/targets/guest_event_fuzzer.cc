// libFuzzer target: lines from the guest (untrusted: whatever the guest writes to its virtio
// port) through memattr-host's recorder, exactly as a run stores and interprets them, then the
// summary and exit code of the results built from them. Each line of the input is one event.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "results/results_dir.h"
#include "results/results_file.h"
#include "results/run_summary.h"
#include "run/cell_tracker.h"
#include "run/earlier_evidence.h"
#include "run/run_recorder.h"

namespace {

namespace mh = memattr::host;

mh::ResultsDir& Dir() {
  static const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("memattr-event-fuzz-" + std::to_string(::getpid()));
  static mh::ResultsDir dir = [] {
    std::filesystem::remove_all(path);
    auto d = mh::ResultsDir::Create(path);
    if (!d) __builtin_trap();
    return std::move(*d);
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  mh::ResultsDir& dir = Dir();
  ::truncate(dir.EventsFile().c_str(), 0);  // O_APPEND: the next line lands at 0
  mh::ResultsFile results;
  mh::CellTracker tracker;
  mh::EarlierEvidence evidence;
  mh::RunRecorder recorder(dir, results, tracker, evidence, {});
  recorder.StartBoot(1);
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::size_t start = 0;
  while (start <= input.size()) {
    const std::size_t end = std::min(input.find('\n', start), input.size());
    recorder.OnEventLine(input.substr(start, end - start));
    start = end + 1;
  }
  for (const mh::CellId& cell : tracker.StartedCells()) (void)mh::Describe(cell);
  memattr::protocol::Manifest next;  // what the next boot's manifest would carry
  next.earlier_evidence = evidence.entries();
  (void)memattr::protocol::ToJson(next).dump();
  const nlohmann::json json = results.ToJson();
  (void)mh::RenderRunSummary(json);
  (void)mh::ResultsAsExpected(json);
  return 0;
}
