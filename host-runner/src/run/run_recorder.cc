#include "run/run_recorder.h"

#include "host/host_facts.h"
#include "memattr/bounded_json.h"
#include "memattr/protocol/context_keys.h"
#include "memattr/protocol/host_lines.h"
#include "memattr/protocol/result_events.h"

namespace memattr::host {

namespace keys = protocol::context_keys;

void RunRecorder::StartBoot(int boot) {
  boot_ = boot;
  vm_ = nullptr;
  next_seq_ = 0;
  events_this_boot_ = 0;
  saw_run_end_ = false;
  run_end_status_.clear();
  run_end_reason_.clear();
  problems_.clear();
}

void RunRecorder::OnEventLine(const std::string& line) {
  // Stored first, unchanged: whatever happens next, the line is on disk.
  if (const Status s = dir_.AppendEventLine(line); !s) {
    if (write_error_.empty()) write_error_ = s.error().message;
    if (options_.progress) *options_.progress << "memattr-host: " << s.error().message << "\n";
  }
  ++events_total_;
  if (events_this_boot_++ == 0) RecordVmFlags();
  const std::string where = "event " + std::to_string(events_this_boot_ - 1) + " of boot " +
                            std::to_string(boot_) + " (events.jsonl line " +
                            std::to_string(dir_.event_lines()) + ")";
  Result<nlohmann::json> parsed = ParseBoundedJson(line, where);
  if (!parsed) {
    problems_.push_back(parsed.error().message + ": " + line.substr(0, 120));
    return;
  }
  const nlohmann::json& event = *parsed;
  // A malformed record is a failure of its own; it never reaches a reader below.
  Result<protocol::GuestEvent> typed = protocol::ParseGuestEvent(event);
  if (!typed) {
    problems_.push_back(where + ": " + typed.error().message + ": " + line.substr(0, 120));
    if (event.is_object() && event.contains("seq") && event["seq"].is_number_integer())
      next_seq_ = event["seq"].get<long>() + 1;
    return;
  }
  const long seq = typed->seq;
  if (seq != next_seq_)
    problems_.push_back("events lost: expected seq " + std::to_string(next_seq_) + ", got " +
                        std::to_string(seq));
  next_seq_ = seq + 1;
  tracker_.OnEvent(event);
  results_.AddEvent(event);
  evidence_.OnEvent(event);
  if (const auto* end = std::get_if<protocol::RunEnd>(&typed->event)) {
    saw_run_end_ = true;
    run_end_status_ = end->status;
    run_end_reason_ = end->reason;
  }
  Progress(typed->event, event);
}

void RunRecorder::RecordVmFlags() {
  if (!vm_ || options_.backing_paths.empty()) return;
  nlohmann::json flags = vm_->BackingVmFlags(options_.backing_paths);
  results_.SetContext(keys::kBackingVmflags, flags.dump());
  if (Status s = dir_.AppendHostEvent(
          protocol::ToJson(protocol::HostFactsEvent{.boot = boot_, .backing_vmflags = flags}));
      !s && write_error_.empty())
    write_error_ = s.error().message;
}

void RunRecorder::Progress(const protocol::ResultEvent& event, const nlohmann::json& e) {
  if (!options_.progress) return;
  const std::string kind = protocol::KindOf(event);
  const auto cell = CellOf(e);
  std::string text;
  if (kind == "probe_begin" || kind == "measurement_begin")
    text = cell ? Describe(*cell) : kind;
  else if (const auto* v = std::get_if<protocol::VerdictEvent>(&event))
    text = "verdict " + v->region + "/" + v->attribute + ": " + v->verdict;
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
