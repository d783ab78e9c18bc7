// The BootObserver of a run: stores every guest line in events.jsonl before looking at it,
// then checks its shape (a malformed line is a stream problem naming its line, never a crash)
// and `seq` for gaps, follows cells, feeds results.json and the evidence later boots are given,
// and prints progress.
//   RunRecorder recorder(dir, results, tracker, {.progress = &std::cerr});
//   recorder.StartBoot(1);
//   RunGuestBoot(request, recorder);
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "memattr/protocol/result_events.h"
#include "results/results_dir.h"
#include "results/results_file.h"
#include "run/cell_tracker.h"
#include "run/earlier_evidence.h"
#include "vm/guest_supervisor.h"

namespace memattr::host {

struct RecorderOptions {
  std::ostream* progress = nullptr;        // stderr; nullptr = quiet
  bool progress_is_terminal = false;       // rewrite one status line instead of printing many
  std::vector<std::string> backing_paths;  // files QEMU maps: their smaps VmFlags are recorded
};

class RunRecorder : public BootObserver {
 public:
  RunRecorder(ResultsDir& dir, ResultsFile& results, CellTracker& tracker,
              EarlierEvidence& evidence, RecorderOptions options)
      : dir_(dir),
        results_(results),
        tracker_(tracker),
        evidence_(evidence),
        options_(std::move(options)) {}

  void StartBoot(int boot);
  void OnQemuStarted(const GuestVm& vm) override { vm_ = &vm; }
  void OnEventLine(const std::string& line) override;
  bool SawRunEnd() const override { return saw_run_end_; }
  std::string StopReason() const override { return write_error_; }

  // run_end's status/reason of this boot ("" before run_end).
  const std::string& run_end_status() const { return run_end_status_; }
  const std::string& run_end_reason() const { return run_end_reason_; }
  // Problems with the stream itself (seq gaps, unparseable lines) in this boot.
  const std::vector<std::string>& stream_problems() const { return problems_; }
  long events_total() const { return events_total_; }
  // The first failed write of events.jsonl ("" = none): the run stops on it.
  const std::string& write_error() const { return write_error_; }

 private:
  void Progress(const protocol::ResultEvent& event, const nlohmann::json& e);
  void RecordVmFlags();

  ResultsDir& dir_;
  ResultsFile& results_;
  CellTracker& tracker_;
  EarlierEvidence& evidence_;
  RecorderOptions options_;
  int boot_ = 0;
  const GuestVm* vm_ = nullptr;  // this boot's, from its start to the next StartBoot
  long next_seq_ = 0;
  long events_this_boot_ = 0;
  long events_total_ = 0;
  bool saw_run_end_ = false;
  std::string run_end_status_, run_end_reason_;
  std::vector<std::string> problems_;
  std::string write_error_;
};

}  // namespace memattr::host
