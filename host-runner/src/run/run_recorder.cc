#include "run/run_recorder.h"

#include "host/host_facts.h"
#include "memattr/protocol/context_keys.h"

namespace memattr::host {

namespace keys = protocol::context_keys;

void RunRecorder::StartBoot(int boot) {
  boot_ = boot;
  pid_ = -1;
  next_seq_ = 0;
  events_this_boot_ = 0;
  saw_run_end_ = false;
  run_end_status_.clear();
  run_end_reason_.clear();
  problems_.clear();
}

void RunRecorder::OnEventLine(const std::string& line) {
  // Stored first, unchanged: whatever happens next, the line is on disk.
  if (const Status s = dir_.AppendEventLine(line); !s && options_.progress)
    *options_.progress << "memattr-host: " << s.error().message << "\n";
  ++events_total_;
  if (events_this_boot_++ == 0) RecordVmFlags();
  nlohmann::json event = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (event.is_discarded() || !event.is_object()) {
    problems_.push_back("unparseable event line: " + line.substr(0, 120));
    return;
  }
  const long seq = event.value("seq", -1L);
  if (seq != next_seq_)
    problems_.push_back("events lost: expected seq " + std::to_string(next_seq_) + ", got " +
                        std::to_string(seq));
  next_seq_ = seq + 1;
  tracker_.OnEvent(event);
  results_.AddEvent(event);
  if (event.value("event", "") == "run_end") {
    saw_run_end_ = true;
    run_end_status_ = event.value("status", "");
    run_end_reason_ = event.value("reason", "");
  }
  Progress(event);
}

void RunRecorder::RecordVmFlags() {
  if (pid_ <= 0 || options_.backing_paths.empty()) return;
  nlohmann::json flags = ReadBackingVmFlags(pid_, options_.backing_paths);
  results_.SetContext(keys::kBackingVmflags, flags.dump());
  (void)dir_.AppendHostEvent(
      {{"event", "host_facts"}, {"boot", boot_}, {"backing_vmflags", flags}});
}

void RunRecorder::Progress(const nlohmann::json& e) {
  if (!options_.progress) return;
  const std::string kind = e.value("event", "");
  const auto cell = CellOf(e);
  std::string text;
  if (kind == "probe_begin" || kind == "measurement_begin")
    text = cell ? Describe(*cell) : kind;
  else if (kind == "verdict")
    text = "verdict " + e.value("region", "") + "/" + e.value("attribute", "") + ": " +
           e.value("verdict", "");
  else if (kind == "run_start" || kind == "run_end")
    text = kind;
  if (text.empty()) return;
  if (options_.progress_is_terminal)
    *options_.progress << "\r\033[K[boot " << boot_ << ", " << events_total_ << " events] " << text
                       << std::flush;
  else if (kind != "probe_begin" && kind != "measurement_begin")
    *options_.progress << "memattr-host: boot " << boot_ << ": " << text << "\n";
}

}  // namespace memattr::host
