#include "run/nested_runner.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include "backing/backing_file.h"
#include "comparison_format.h"
#include "host/host_facts.h"
#include "image/guest_image_builder.h"
#include "memattr/bounded_json.h"
#include "memattr/protocol/context_keys.h"
#include "memattr/protocol/host_lines.h"
#include "memattr/protocol/result_events.h"
#include "results/path_under.h"
#include "results/record_shapes.h"
#include "results/results_dir.h"
#include "results/results_file.h"
#include "results/run_summary.h"
#include "run/run_outcome.h"
#include "run_comparison.h"
#include "scenario/guest_layout.h"
#include "vm/guest_supervisor.h"
#include "vm/nested_host_command.h"
#include "vm/qemu_capabilities.h"
#include "vm/socket_dir.h"

namespace memattr::host {

namespace keys = protocol::context_keys;
namespace {

namespace fs = std::filesystem;

// L0's observer of L1's relay: stores every line first, keeps the latest results.json L1
// relayed, and ends the boot at L1's nested_run_end.
class RelayRecorder : public BootObserver {
 public:
  RelayRecorder(ResultsDir& dir, std::ostream* progress) : dir_(dir), progress_(progress) {}
  void OnQemuStarted(const GuestVm&) override {}
  void OnEventLine(const std::string& line) override;
  void Store(const std::string& line);
  bool SawRunEnd() const override { return l1_status_.has_value(); }
  std::string StopReason() const override { return write_error_; }

  const nlohmann::json& results() const { return results_; }
  // The status L1's memattr-host ended with (its nested_run_end), once relayed.
  std::optional<RunStatus> l1_status() const { return l1_status_; }
  std::vector<std::string> problems;

 private:
  ResultsDir& dir_;
  std::ostream* progress_;
  nlohmann::json results_;
  std::optional<RunStatus> l1_status_;
  std::string write_error_;
};

// "" when L2's line parses as a result event; else the protocol parser's error naming the field.
std::string GuestLineProblem(const nlohmann::json& event) {
  Result<protocol::GuestEvent> typed = protocol::ParseGuestEvent(event);
  return typed ? "" : typed.error().message;
}

// The same for L1's own lines (memattr-host's, without seq).
std::string HostLineProblem(const nlohmann::json& event) {
  Result<protocol::HostLine> typed = protocol::ParseHostLine(event);
  return typed ? "" : typed.error().message;
}

void RelayRecorder::OnEventLine(const std::string& line) {
  Result<nlohmann::json> parsed = ParseBoundedJson(line, "relayed line");
  if (!parsed || !parsed->is_object() || !parsed->contains("event") ||
      !(*parsed)["event"].is_string()) {
    Store(line);
    problems.push_back("unparseable relayed line: " + line.substr(0, 120));
    return;
  }
  const nlohmann::json& event = *parsed;
  const std::string kind = event["event"].get<std::string>();
  if (kind == kRelayResultsEvent) {  // a snapshot, not an event
    const nlohmann::json results = event.value("results", nlohmann::json());
    if (Status s = CheckResultsShape(results, "relayed results"); s)
      results_ = results;
    else
      problems.push_back(s.error().message);
    return;
  }
  Store(line);
  if (kind == kRelayRunEndEvent) {
    const auto code = event.find("exit_code");
    l1_status_ = code != event.end() && code->is_number_integer()
                     ? RunStatusOfExitCode(code->get<int>())
                     : RunStatus::kFailed;
  }
  // L1's own lines (every event memattr-host writes itself) have no seq: a shape of their own.
  if (const std::string p =
          protocol::IsHostLineKind(kind) ? HostLineProblem(event) : GuestLineProblem(event);
      !p.empty()) {
    problems.push_back("relayed " + kind + ": " + p);
    return;
  }
  if (!progress_) return;
  if (kind == "verdict")
    *progress_ << "memattr-host: L2 verdict " << event.value("region", "") << "/"
               << event.value("attribute", "") << ": " << event.value("verdict", "") << "\n";
  else if (kind == "guest_crash")
    *progress_ << "memattr-host: L2 boot " << event.value("boot", 0) << " "
               << event.value("end", "") << " at " << event.value("step", "") << ": "
               << event.value("reason", "") << "\n";
  else if (kind == "guest_start")
    *progress_ << "memattr-host: L1 starts L2 boot " << event.value("boot", 0) << "\n";
}

void RelayRecorder::Store(const std::string& line) {
  if (Status s = dir_.AppendEventLine(line); !s && write_error_.empty())
    write_error_ = s.error().message;
}

// Results of one series: L1's relayed results.json (its facts are L1's), plus what L0 saw.
nlohmann::json SeriesResults(const RelayRecorder& relay, const BootResult& boot,
                             const std::string& series, const Scenario& scenario,
                             const HostFacts& l0) {
  nlohmann::json results = relay.results();
  if (!results.is_object()) {  // L1 never relayed one: an empty run that says why
    ResultsFile empty;
    empty.SetContext(keys::kScenario, scenario.name);
    empty.SetContext(keys::kArch, "aarch64");
    empty.SetContext(keys::kAccel, "kvm");
    results = empty.ToJson();
  }
  nlohmann::json& context = results["context"];
  context[keys::kNested] = "L0 " + l0.kernel_release + " (TCG) -> L1 " + series + " (KVM) -> L2";
  context[keys::kNestedHostSeries] = series;
  context[keys::kNestedHostCpu] = scenario.nested->cpu;
  context[keys::kL0HostKernel] = l0.kernel_release;
  context[keys::kL1Seconds] = boot.seconds;
  context[keys::kL1SecondsToFirstEvent] = boot.seconds_to_first_event;
  nlohmann::json& failures = results["memattr"]["failures"];
  if (!failures.is_array()) failures = nlohmann::json::array();
  for (const std::string& p : relay.problems)
    failures.push_back({{"boot", 0}, {"step", "L1 relay"}, {"reason", p}});
  if (boot.end != BootEnd::kCompleted) {
    const std::string step = boot.events == 0 ? "L1 boot" : "L1 run";
    failures.push_back({{"boot", 0},
                        {"step", step},
                        {"reason", std::string(ToString(boot.end)) + ": " + boot.reason}});
    context[keys::kStatus] = ResultsStatusOf(boot.end);
  }
  return results;
}

// Where one series' L1 finds its image and scenario and leaves its files (in `series_dir`).
NestedHostPaths HostPaths(const fs::path& qemu, const GuestImage& image,
                          const fs::path& scenario_file, const fs::path& series_dir,
                          const fs::path& socket) {
  return {.binary = qemu,
          .firmware = image.firmware,
          .kernel = image.kernel,
          .initrd = image.initrd,
          .scenario = fs::absolute(scenario_file),
          .dax_file = series_dir / "l1-dax.img",
          .pfnmap_file = series_dir / "l1-pfnmap.img",
          .vfio_file = series_dir / "l1-vfio.img",
          .console_log = series_dir / "console-l1.log",
          .events_socket = socket};
}

struct SeriesRun {
  std::string series;
  fs::path dir;
  RunStatus status = RunStatus::kFailed;
  std::string error;   // why the series stopped before its end ("" when it did not)
  std::string report;  // its summary ("" when it did not run to its end)
};

// The series stopped before its end with `status`, for `why`.
SeriesRun Stopped(SeriesRun run, RunStatus status, std::string why) {
  run.status = status;
  run.error = std::move(why);
  return run;
}

SeriesRun RunSeries(const RunOptions& o, const Scenario& scenario, const std::string& series,
                    const QemuCapabilities& caps, const HostFacts& l0) {
  Result<fs::path> series_dir = PathUnder(o.results_dir, "host-" + series);
  if (!series_dir)
    return Stopped({series, o.results_dir, RunStatus::kBadInput, "", ""}, RunStatus::kBadInput,
                   "nested host " + series + ": " + series_dir.error().message);
  SeriesRun run{series, *series_dir, RunStatus::kFailed, "", ""};
  const fs::path image_dir = HostImageDir(*scenario.nested, series);
  Result<GuestImage> image = ReadGuestImage(image_dir / "image.env");
  if (!image)
    return Stopped(run, RunStatus::kBadInput,
                   "nested host " + series + ": " + image.error().message +
                       " (build it: memattr-host image build --role host --kernel-series " +
                       series + ")");
  Result<ResultsDir> dir = ResultsDir::Create(run.dir);
  if (!dir) return Stopped(run, RunStatus::kBadInput, dir.error().message);
  const fs::path abs = fs::absolute(run.dir);
  Result<SocketDir> sockets = SocketDir::Create();
  if (!sockets) return Stopped(run, RunStatus::kBadInput, sockets.error().message);
  const fs::path socket = sockets->Socket("l1-" + series);
  const NestedHostPaths paths = HostPaths(caps.binary, *image, o.scenario_file, abs, socket);
  // Sparse backing files: L1's NVDIMM and its ivshmem BARs.
  const std::uint64_t dax_file_bytes =
      scenario.nested->dax_bytes > 0 ? scenario.nested->dax_bytes + kNvdimmLabelBytes : 0;
  for (const auto& [file, bytes] : {std::pair{paths.dax_file, dax_file_bytes},
                                    std::pair{paths.pfnmap_file, scenario.nested->pfnmap_bytes},
                                    std::pair{paths.vfio_file, scenario.nested->vfio_bar_bytes}}) {
    if (bytes == 0) continue;
    if (Status s = CreateBackingFile(file, bytes); !s)
      return Stopped(run, RunStatus::kWriteFailed, s.error().message);
  }
  const std::vector<std::string> argv = BuildNestedHostArgv(*scenario.nested, paths);
  if (Status s = dir->WriteArgv(0, argv); !s)
    return Stopped(run, RunStatus::kWriteFailed, "results not written: " + s.error().message);
  if (o.progress)
    *o.progress << "memattr-host: nested host " << series << " (" << image->kernel_release
                << "): booting L1\n";
  RelayRecorder relay(*dir, o.progress);
  // L1 boots and restarts L2 itself: between two relayed events L0 allows an L2 boot or step.
  const BootRequest request{
      .argv = argv,
      .events_socket = socket,
      .console_log = paths.console_log,
      .qemu_log = abs / "qemu-l1.log",
      .boot_timeout_seconds = scenario.nested->boot_timeout_seconds,
      .step_timeout_seconds =
          std::max(scenario.step_timeout_seconds, scenario.boot_timeout_seconds) + 30,
      .exit_grace_seconds = 30};
  const BootResult boot = RunGuestBoot(request, relay);
  nlohmann::json results = SeriesResults(relay, boot, series, scenario, l0);
  if (Status s = dir->WriteResultsJson(results); !s)
    return Stopped(run, RunStatus::kWriteFailed, "results not written: " + s.error().message);
  run.report = "== nested host " + series + ": " +
               results["context"].value(keys::kHostKernel, "?") +
               ", cap 243 = " + results["context"].value(keys::kCacheablePfnmapCap, "?") + "\n" +
               RenderRunSummary(results) + "results: " + run.dir.string() + "\n\n";
  run.status = RunStatusOf(boot.end, results);
  if (boot.end == BootEnd::kCompleted)  // L1 ran to its end: its memattr-host's status counts
    run.status = Worse(run.status, relay.l1_status().value_or(RunStatus::kFailed));
  return run;
}

}  // namespace

fs::path HostImageDir(const NestedHostConfig& nested, const std::string& series) {
  const fs::path root =
      nested.host_images.empty() ? fs::path(kDefaultHostImagesDir) : nested.host_images;
  return root / ("host-image-" + series);
}

RunOutcome DryRunNestedScenario(const RunOptions& o, const Scenario& scenario) {
  const fs::path results = o.results_dir.empty() ? fs::path("RESULTS_DIR") : o.results_dir;
  RunOutcome outcome;
  for (const std::string& series : scenario.nested->host_kernels) {
    const fs::path image_dir = HostImageDir(*scenario.nested, series);
    outcome.report += "# nested host " + series + " (image " + image_dir.string() + ")\n";
    const GuestImage image = PlaceholderImage(image_dir);  // the image need not exist yet
    Result<fs::path> series_dir = PathUnder(fs::absolute(results), "host-" + series);
    if (!series_dir) {
      outcome.status = RunStatus::kBadInput;
      outcome.messages.push_back("nested host " + series + ": " + series_dir.error().message);
      return outcome;
    }
    const NestedHostPaths paths =
        HostPaths(o.qemu, image, o.scenario_file, *series_dir, "EVENTS_SOCKET");
    for (const std::string& a : BuildNestedHostArgv(*scenario.nested, paths))
      outcome.report += a + "\n";
  }
  return outcome;
}

RunOutcome RunNestedScenario(const RunOptions& options, const Scenario& scenario) {
  RunOptions o = options;
  Result<QemuCapabilities> caps = ProbeQemu(o.qemu);
  if (!caps) return RefusedRun(caps.error().message);
  if (o.results_dir.empty()) {
    Result<fs::path> dir = DefaultResultsDir(scenario.name);
    if (!dir) return RefusedRun(dir.error().message);
    o.results_dir = *dir;
  }
  InstallInterruptHandlers();
  const HostFacts l0 = CollectHostFacts();
  std::vector<SeriesRun> runs;
  RunOutcome outcome;
  for (const std::string& series : scenario.nested->host_kernels) {
    runs.push_back(RunSeries(o, scenario, series, *caps, l0));
    // A series that stopped says why now: the next one runs all the same.
    if (!runs.back().error.empty() && o.progress)
      *o.progress << "memattr-host: " << runs.back().error << "\n";
    outcome.report += runs.back().report;
    outcome.status = Worse(outcome.status, runs.back().status);
    if (Interrupted()) break;
  }
  for (std::size_t i = 1; i < runs.size(); ++i) {
    auto a = compare::LoadRunResults(runs[0].dir), b = compare::LoadRunResults(runs[i].dir);
    if (!a || !b) continue;  // the failing run already said why
    const compare::RunComparison c = compare::CompareRuns(*a, *b, {});
    outcome.report +=
        "== compare host " + runs[0].series + " -> host " + runs[i].series + "\n" +
        compare::FormatComparison(c, "host-" + runs[0].series, "host-" + runs[i].series) + "\n";
  }
  outcome.report += "results: " + o.results_dir.string() + "\n";
  return outcome;
}

}  // namespace memattr::host
