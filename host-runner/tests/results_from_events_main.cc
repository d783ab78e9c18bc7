// memattr-results-from-events: a recorded run (events.jsonl + host_facts.json, see
// host-runner/tests/testdata/recorded/README.md) written again into a results directory by the
// real writer: each guest line through RunRecorder into ResultsFile, each host line as a run
// records it, results.json through ResultsDir. The export, report and dashboard tests read its
// output, so a change of the results format reaches both sides at once.
//   memattr-results-from-events RECORDED_DIR OUT_DIR [--context KEY=VALUE]...
// OUT_DIR must not exist or be empty. --context overrides one context fact after the recorded
// ones (a second host kernel for the comparison fixtures); KEY must be a protocol context key.
// Exit 0 written, 1 a write failed or the recording is unreadable, 2 bad usage.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "memattr/bounded_json.h"
#include "memattr/protocol/context_keys.h"
#include "memattr/protocol/host_lines.h"
#include "memattr/protocol/vocabulary.h"
#include "results/results_dir.h"
#include "results/results_file.h"
#include "run/cell_tracker.h"
#include "run/earlier_evidence.h"
#include "run/run_recorder.h"

namespace fs = std::filesystem;
using memattr::Error;
using memattr::Result;
using memattr::Status;
using nlohmann::json;

namespace memattr::host {
namespace {

constexpr int kExitWritten = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

struct Override {
  std::string key, value;
};

// host_facts.json: what memattr-host decided outside the event stream (context, labels,
// regions it skipped itself).
Status ApplyHostFacts(const fs::path& file, ResultsFile& results) {
  std::ifstream in(file);
  if (!in) return Error{file.string() + ": cannot open"};
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Result<json> facts = ParseBoundedJson(text, file.string());
  if (!facts) return facts.error();
  if (!facts->is_object() || !(*facts)["context"].is_object())
    return Error{file.string() + ": context: expected an object"};
  for (const auto& [key, value] : (*facts)["context"].items()) results.SetContext(key, value);
  results.SetLabels(facts->value("labels", std::map<std::string, std::string>{}));
  for (const json& r : facts->value("skipped_regions", json::array()))
    results.AddSkippedRegion(r.value("name", ""), r.value("kind", ""), r.value("skipped", ""));
  return OkStatus();
}

// The events of a recorded run fed to the writer as memattr-host fed them while it ran: guest
// lines to RunRecorder, memattr-host's own lines kept and acted on (a new boot, a guest that went
// down), each boot's stream problems and an agent that did not end ok recorded as failures.
class RecordedRun {
 public:
  RecordedRun(ResultsDir& dir, ResultsFile& results)
      : dir_(dir), results_(results), recorder_(dir, results, tracker_, evidence_, {}) {
    recorder_.StartBoot(boot_);
  }

  Status Line(const std::string& line, const std::string& where) {
    Result<json> parsed = ParseBoundedJson(line, where);
    if (!parsed || !parsed->is_object() || parsed->value("source", "") != "host") {
      recorder_.OnEventLine(line);  // a broken line is the recorder's to report, as in a run
      return OkStatus();
    }
    if (Status s = dir_.AppendEventLine(line); !s) return s;
    const Result<protocol::HostLine> host = protocol::ParseHostLine(*parsed);
    if (!host) return OkStatus();  // not a line memattr-host acts on
    if (const auto* start = std::get_if<protocol::GuestStart>(&*host)) {
      if (start->boot != boot_) EndBoot();
      boot_ = start->boot;
      ended_ = false;
      recorder_.StartBoot(boot_);
    } else if (const auto* crash = std::get_if<protocol::GuestCrash>(&*host)) {
      EndBoot();
      results_.AddFailure(crash->boot, crash->step, crash->end + ": " + crash->reason);
      tracker_.OnBootEnd();
    }
    return OkStatus();
  }

  Status Finish() {
    EndBoot();
    if (!recorder_.write_error().empty()) return Error{recorder_.write_error()};
    return OkStatus();
  }

 private:
  void EndBoot() {
    if (ended_) return;
    ended_ = true;
    for (const std::string& p : recorder_.stream_problems())
      results_.AddFailure(boot_, "event stream", p);
    const std::string ok(protocol::ToString(protocol::RunStatus::kOk));
    if (recorder_.SawRunEnd() && recorder_.run_end_status() != ok)
      results_.AddFailure(
          boot_, "run_end",
          "agent reported " + recorder_.run_end_status() + ": " + recorder_.run_end_reason());
  }

  ResultsDir& dir_;
  ResultsFile& results_;
  CellTracker tracker_;
  EarlierEvidence evidence_;
  RunRecorder recorder_;
  int boot_ = 1;
  bool ended_ = false;
};

Status Replay(const fs::path& events, ResultsDir& dir, ResultsFile& results) {
  std::ifstream in(events, std::ios::binary);
  if (!in) return Error{events.string() + ": cannot open"};
  RecordedRun run(dir, results);
  long number = 0;
  for (std::string line; std::getline(in, line);)
    if (Status s = run.Line(line, events.string() + ":" + std::to_string(++number)); !s) return s;
  return run.Finish();
}

Result<Override> ParseOverride(const std::string& arg) {
  const std::size_t eq = arg.find('=');
  const std::string key = arg.substr(0, eq);
  const auto& all = protocol::context_keys::kAllKeys;
  if (eq == std::string::npos || std::find(all.begin(), all.end(), key) == all.end())
    return Error{"--context " + arg + ": expected KEY=VALUE with KEY a context key (memattr.*)"};
  return Override{key, arg.substr(eq + 1)};
}

int Main(const std::vector<std::string>& args) {
  if (args.size() < 2 || (args.size() - 2) % 2 != 0) {
    std::cerr
        << "usage: memattr-results-from-events RECORDED_DIR OUT_DIR [--context KEY=VALUE]...\n";
    return kExitUsage;
  }
  std::vector<Override> overrides;
  for (std::size_t i = 2; i < args.size(); i += 2) {
    Result<Override> o = args[i] == "--context"
                             ? ParseOverride(args[i + 1])
                             : Result<Override>(Error{"unknown option " + args[i]});
    if (!o) {
      std::cerr << "memattr-results-from-events: " << o.error().message << "\n";
      return kExitUsage;
    }
    overrides.push_back(*o);
  }
  const fs::path recorded = args[0];
  ResultsFile results;
  Result<ResultsDir> dir = ResultsDir::Create(args[1]);
  Status s = dir ? ApplyHostFacts(recorded / "host_facts.json", results) : Status(dir.error());
  if (s) s = Replay(recorded / "events.jsonl", *dir, results);
  for (const Override& o : overrides) results.SetContext(o.key, o.value);
  if (s) s = dir->WriteResultsJson(results.ToJson());
  if (!s) {
    std::cerr << "memattr-results-from-events: " << s.error().message << "\n";
    return kExitFailed;
  }
  return kExitWritten;
}

}  // namespace
}  // namespace memattr::host

int main(int argc, char** argv) {
  return memattr::host::Main(std::vector<std::string>(argv + 1, argv + argc));
}
