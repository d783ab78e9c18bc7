#include "run/boot_loop.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>

#include "backing/backing_file.h"
#include "backing/region_checks.h"
#include "host/host_facts.h"
#include "libvirt/domain_xml.h"
#include "libvirt/libvirt_session.h"
#include "libvirt/pflash_files.h"
#include "libvirt/ssh_host_probe.h"
#include "memattr/bounded_json.h"
#include "memattr/protocol/context_keys.h"
#include "memattr/protocol/host_lines.h"
#include "memattr/protocol/result_events.h"
#include "results/results_file.h"
#include "results/run_summary.h"
#include "run/cell_tracker.h"
#include "run/earlier_evidence.h"
#include "run/run_recorder.h"
#include "scenario/guest_layout.h"
#include "scenario/manifest_writer.h"
#include "vm/guest_supervisor.h"
#include "vm/qemu_command.h"
#include "vm/socket_dir.h"

namespace memattr::host {

namespace keys = protocol::context_keys;
namespace {

namespace fs = std::filesystem;

// Allocated files for file-backed regions that name no file of their own: memattr creates files
// only under the results directory (PlanGuestLayout placed them there); a region's own `path`
// was checked by CheckRegionPaths and is never created. A resumed run keeps the ones it made.
Status CreateBackingFiles(const GuestLayout& layout) {
  for (const RegionPlacement& p : layout.regions) {
    std::error_code ec;
    if (p.backing_file.empty() || !p.config->path.empty() || p.backing_is_host_device ||
        fs::exists(fs::symlink_status(p.backing_file, ec)))
      continue;
    if (Status s = CreateBackingFile(p.backing_file, p.backend_size); !s) return s;
  }
  return OkStatus();
}

// The host outcome a crash's `end` (ToString(BootEnd)) stands for.
protocol::HostOutcomeKind HostOutcomeFor(std::string_view end) {
  if (end == ToString(BootEnd::kVmStopped)) return protocol::HostOutcomeKind::kStage2Fault;
  if (end == ToString(BootEnd::kStepTimeout)) return protocol::HostOutcomeKind::kTimeout;
  return protocol::HostOutcomeKind::kGuestCrashed;
}

std::string Str(const nlohmann::json& e, const char* key) {
  const auto it = e.find(key);
  return it != e.end() && it->is_string() ? it->get<std::string>() : "";
}

// The regions a failed boot is put down to. KVM refusing a memslot: the regions on a host PFNMAP
// (7.x refuses a cacheable VM_PFNMAP on a CPU without FWB or DIC). Any other failure: the guest's
// boot-time memory on a host device (a CPU-less NUMA node on a devdax or PFNMAP), outside the
// host's linear map: Device at stage 2 under a KVM without cap 243, where the guest kernel's
// early page tables can land.
std::vector<const RegionPlacement*> BootSuspects(const GuestLayout& layout, BootEnd end) {
  std::vector<const RegionPlacement*> out;
  for (const RegionPlacement& p : layout.regions) {
    if (!p.backing_is_host_device) continue;
    const bool suspect = end == BootEnd::kKvmRefused
                             ? HostDeviceBacking(p.backing_file) == "host-pfnmap"
                             : p.config->kind == BackingKind::kCxl;
    if (suspect) out.push_back(&p);
  }
  return out;
}

std::string DescribeSuspects(const std::vector<const RegionPlacement*>& suspects) {
  std::string out;
  for (const RegionPlacement* p : suspects) {
    const std::string where = p->guest_numa_node >= 0
                                  ? "NUMA node " + std::to_string(p->guest_numa_node)
                                  : "BAR at " + p->guest_bdf;
    out += std::string(out.empty() ? "" : ", ") + "region " + p->config->name + " (" + where +
           " on " + p->backing_file.string() + ")";
  }
  return out;
}

// A libvirt host's facts come from libvirt. What libvirt does not report: the kernel, read over
// ssh for a qemu+ssh:// host (the same ssh libvirt uses); CPU features and KVM cap 243, this
// machine's only when the URI names no other host.
HostFacts LibvirtHostFactsFor(const LibvirtSession& session) {
  const LibvirtHostFacts& f = session.facts();
  HostFacts h = f.remote ? HostFacts{} : CollectHostFacts();
  if (f.remote) {
    const std::string why =
        "unavailable: remote libvirt host " + f.hostname + " (libvirt does not report it)";
    h.cpu_features = why;
    h.cacheable_pfnmap_cap = why;
    const Result<std::string> kernel = ProbeSshHostKernel(f.uri);
    h.kernel_release = kernel ? kernel->substr(0, kernel->find(' ')) : why;
    if (kernel && kernel->find(' ') != std::string::npos)
      h.kernel_version = kernel->substr(kernel->find(' ') + 1);
  }
  h.arch = f.arch;
  return h;
}

std::string JoinPieces(const std::vector<std::string>& pieces) {
  std::string out;
  for (const std::string& p : pieces) out += (out.empty() ? "" : "; ") + p;
  return out;
}

class BootLoop {
 public:
  // The layout is planned (and checked) by PlanLayout() before Run().
  BootLoop(const RunPlan& plan, const RunOptions& o, ResultsDir& dir, SocketDir& sockets,
           GuestImage image, LibvirtSession* libvirt = nullptr)
      : libvirt_(libvirt),
        plan_(plan),
        o_(o),
        dir_(dir),
        sockets_(sockets),
        image_(std::move(image)),
        scenario_(plan.scenario) {}
  Status PlanLayout() {
    Result<GuestLayout> layout = PlanGuestLayout(scenario_, fs::absolute(dir_.path()));
    if (!layout) return layout.error();
    layout_ = *std::move(layout);
    return OkStatus();
  }
  RunOutcome Run();

 private:
  void RecordContext();
  void RecordLibvirtContext();
  int Replay();
  void ReplayHostEvent(const nlohmann::json& event, int& boots);
  void NoteCrashedProbe(std::string_view end, const std::string& reason,
                        const std::vector<std::string>& kernel_log);
  // Keeps the first failed write; false when `s` failed.
  bool Written(const Status& s);
  // The guest_restart line of boot `next`; false when it could not be written.
  bool Restarting(int next);
  RunOutcome WriteFailed();
  BootResult Boot(int boot, RunRecorder& recorder);
  BootResult BootThroughLibvirt(int boot, const QemuPaths& paths, const BootRequest& request,
                                RunRecorder& recorder);
  bool AfterBoot(int boot, const BootResult& r, const RunRecorder& recorder,
                 std::size_t cells_before);
  void WithdrawRegions(const std::vector<const RegionPlacement*>& regions,
                       const std::string& reason);

  LibvirtSession* libvirt_;  // the libvirt launcher, or nullptr for the direct one
  const RunPlan& plan_;
  const RunOptions& o_;
  ResultsDir& dir_;
  SocketDir& sockets_;
  GuestImage image_;
  Scenario scenario_;   // plan_.scenario less the regions withdrawn during the run
  GuestLayout layout_;  // of scenario_
  HostFacts facts_ = libvirt_ ? LibvirtHostFactsFor(*libvirt_) : CollectHostFacts();
  ResultsFile results_;
  CellTracker tracker_;
  std::vector<HostObservedOutcome> host_outcomes_;  // probes that took a boot down
  EarlierEvidence evidence_;                        // every boot's probe outcomes and timings
  std::string write_error_;                         // the first results write that failed
  std::size_t kvm_log_lines_at_start_ = 0;          // host kernel log "kvm" lines before this boot
  static constexpr std::size_t kKvmLogScan = 1000, kKvmEvidenceLines = 8;
  std::vector<std::string> argv_;
  int first_boot_ = 1;  // > 1 when resuming an earlier run
};

void BootLoop::RecordContext() {
  const Scenario& s = plan_.scenario;
  results_.SetContext(keys::kScenario, s.name);
  results_.SetContext(keys::kAccel, plan_.accel.name);
  results_.SetContext(keys::kTimings,
                      plan_.accel.timings_meaningful ? "hardware" : "emulated (TCG)");
  results_.SetContext(keys::kArch, "aarch64");
  results_.SetContext(keys::kHostArch, facts_.arch);
  results_.SetContext(keys::kHostKernel, facts_.kernel_release + " " + facts_.kernel_version);
  results_.SetContext(keys::kHostCpuFeatures, facts_.cpu_features);
  results_.SetContext(keys::kGuestKernel, image_.kernel_release);
  results_.SetContext(keys::kQemuVersion, plan_.caps.version.ToString());
  results_.SetContext(keys::kCacheablePfnmapCap, facts_.cacheable_pfnmap_cap);
  results_.SetContext(keys::kFwb, "unknown");
  // Until the run's end is written: a memattr-host killed before leaves this in results.json.
  results_.SetContext(keys::kStatus, "incomplete");
  if (!o_.host_name.empty()) results_.SetContext(keys::kFleetHost, o_.host_name);
  std::map<std::string, std::string> labels = s.labels;
  labels["scenario"] = s.name;
  results_.SetLabels(labels);
  for (const SkippedRegion& r : plan_.selection.skipped)
    results_.AddSkippedRegion(r.name, r.kind, r.reason);
  if (libvirt_) RecordLibvirtContext();
}

// Which launcher, which libvirt host, and what its domain could not express natively.
void BootLoop::RecordLibvirtContext() {
  const LibvirtHostFacts& f = libvirt_->facts();
  results_.SetContext(keys::kLauncher, "libvirt");
  results_.SetContext(keys::kLibvirtUri, f.uri);
  results_.SetContext(keys::kLibvirtVersion, f.libvirt_version);
  results_.SetContext(keys::kHostName, f.hostname);
  results_.SetContext(keys::kHostCpuModel, f.cpu_model);
  results_.SetContext(keys::kQemuVersion, f.hypervisor_version);
  const QemuPaths paths = PathsForBoot(plan_, image_, fs::absolute(dir_.path()), 1, "");
  const Result<DomainXml> d = RenderDomainXml(scenario_, layout_, plan_.accel,
                                              DomainPathsForBoot(plan_, paths, dir_.path(), 1));
  if (!d) return;  // checked before the run started
  results_.SetContext(keys::kLibvirtTainted, d->passthrough.empty() ? "no" : "yes");
  // Context values stay flat strings (the results format's rule): the pieces joined by "; ".
  results_.SetContext(keys::kLibvirtQemuCommandline, JoinPieces(d->passthrough));
  results_.SetContext(keys::kLibvirtSubstituted, JoinPieces(d->substitutions));
}

bool BootLoop::Written(const Status& s) {
  if (!s && write_error_.empty()) write_error_ = s.error().message;
  return s.ok();
}

bool BootLoop::Restarting(int next) {
  return Written(dir_.AppendHostEvent(protocol::ToJson(
      protocol::GuestRestart{.boot = next, .skip_cells = tracker_.StartedCells().size()})));
}

RunOutcome BootLoop::WriteFailed() {
  if (o_.progress) *o_.progress << "\n";  // ends a progress line the terminal may hold
  return {.status = RunStatus::kWriteFailed,
          .results_dir = dir_.path(),
          .messages = {"results not written: " + write_error_,
                       "the run stopped there; events.jsonl holds every event stored before it"},
          .report = ""};
}

// --resume: the earlier run's events.jsonl, replayed into this run's state (started cells,
// evidence, failures, host outcomes); returns the boots it had.
int BootLoop::Replay() {
  std::ifstream in(dir_.EventsFile(), std::ios::binary);
  int boots = 0;
  long number = 0;
  for (std::string line; std::getline(in, line);) {
    Result<nlohmann::json> e =
        ParseBoundedJson(line, dir_.EventsFile().string() + ":" + std::to_string(++number));
    if (!e || !e->is_object()) continue;  // the earlier run recorded it as a failure then
    if (Str(*e, "source") == "host") {
      ReplayHostEvent(*e, boots);
    } else if (protocol::ParseGuestEvent(*e)) {
      tracker_.OnEvent(*e);
      results_.AddEvent(*e);
      evidence_.OnEvent(*e);
    }
  }
  // memattr-host died during this cell, not the guest: it runs again.
  tracker_.ForgetRunning();
  if (dir_.earlier_status() == "incomplete")
    results_.AddFailure(boots, "memattr-host",
                        "the earlier run ended without writing its end (killed?); resumed");
  return boots;
}

void BootLoop::ReplayHostEvent(const nlohmann::json& e, int& boots) {
  if (!e.contains("boot")) return;
  const Result<protocol::HostLine> line = protocol::ParseHostLine(e);
  if (!line) return;  // the earlier run wrote it: a line it did not write is not evidence
  if (const auto* start = std::get_if<protocol::GuestStart>(&*line))
    boots = std::max(boots, start->boot);
  const auto* crash = std::get_if<protocol::GuestCrash>(&*line);
  if (crash == nullptr) return;
  results_.AddFailure(crash->boot, crash->step, crash->end + ": " + crash->reason);
  NoteCrashedProbe(crash->end, crash->reason, crash->host_kernel_log);
  tracker_.OnBootEnd();
}

// The probe a guest died in: the next boot gets what the host saw as that probe's outcome.
void BootLoop::NoteCrashedProbe(std::string_view end, const std::string& reason,
                                const std::vector<std::string>& kernel_log) {
  const auto running = tracker_.RunningCell();
  if (!running || running->probe.empty()) return;
  std::vector<std::string> evidence{std::string(end) + ": " + reason};
  evidence.insert(evidence.end(), kernel_log.begin(), kernel_log.end());
  host_outcomes_.push_back({.cell = *running,
                            .outcome = HostOutcomeFor(end),
                            .description = reason,
                            .evidence = evidence});
}

BootResult BootLoop::Boot(int boot, RunRecorder& recorder) {
  const fs::path socket = sockets_.Socket("events-" + std::to_string(boot));
  const QemuPaths paths = PathsForBoot(plan_, image_, fs::absolute(dir_.path()), boot, socket);
  const ManifestFacts facts{
      .host_kernel = facts_.kernel_release,
      .accel = plan_.accel.name,
      .cacheable_pfnmap_cap = facts_.cacheable_pfnmap_cap == "1"   ? std::optional<bool>(true)
                              : facts_.cacheable_pfnmap_cap == "0" ? std::optional<bool>(false)
                                                                   : std::nullopt,
      .skip_cells = tracker_.StartedCells(),
      .host_outcomes = host_outcomes_,
      .earlier_evidence = evidence_.entries(),
      .boot = boot};
  const nlohmann::json manifest = BuildManifest(scenario_, layout_, facts);
  argv_ = BuildQemuArgv(scenario_, layout_, plan_.accel, paths);
  if (!Written(WriteManifest(manifest, paths.manifest)) ||
      (!libvirt_ && !Written(dir_.WriteArgv(boot, argv_))) ||
      !Written(dir_.AppendHostEvent(protocol::ToJson(
          protocol::GuestStart{.boot = boot,
                               .skip_cells = facts.skip_cells.size(),
                               .earlier_evidence = facts.earlier_evidence.size()}))))
    return {BootEnd::kWriteFailed, write_error_};
  recorder.StartBoot(boot);
  if (plan_.accel.name == "kvm")
    kvm_log_lines_at_start_ = KernelLogLines("kvm", kKvmLogScan).size();
  const BootRequest request{
      .argv = argv_,
      .events_socket = socket,
      .console_log = paths.console_log,
      .qemu_log = dir_.QemuLog(boot),
      .boot_timeout_seconds = plan_.scenario.boot_timeout_seconds,
      .step_timeout_seconds = plan_.scenario.step_timeout_seconds,
      .kill_after_events = boot == 1 ? plan_.scenario.test_hooks.kill_guest_after_events : 0};
  if (o_.progress)
    *o_.progress << "memattr-host: boot " << boot << ": starting " << plan_.accel.name << " guest"
                 << (libvirt_ ? " through libvirt" : "") << "\n";
  BootResult r = libvirt_ ? BootThroughLibvirt(boot, paths, request, recorder)
                          : RunGuestBoot(request, recorder);
  std::error_code ec;
  fs::remove(socket, ec);
  return r;
}

// libvirt sizes an nvdimm to its 2 MiB alignment; QEMU does not grow the file behind it.
Status GrowNvdimmFilesForLibvirt(const GuestLayout& layout) {
  for (const RegionPlacement& p : layout.regions) {
    if (p.config->kind != BackingKind::kDax || !p.config->path.empty()) continue;  // ours only
    std::error_code ec;
    if (fs::file_size(p.backing_file, ec) < LibvirtNvdimmBytes(p))
      fs::resize_file(p.backing_file, LibvirtNvdimmBytes(p), ec);
    if (ec) return Error{p.backing_file.string() + ": resize for libvirt: " + ec.message()};
  }
  return OkStatus();
}

// The boot as a libvirt domain: domain-N.xml in the results directory, the pflash pair, then the
// same supervision as a direct boot. libvirt-N.log holds the domain's lifecycle events.
BootResult BootLoop::BootThroughLibvirt(int boot, const QemuPaths& paths,
                                        const BootRequest& request, RunRecorder& recorder) {
  const DomainPaths dp = DomainPathsForBoot(plan_, paths, dir_.path(), boot);
  Result<DomainXml> d = RenderDomainXml(scenario_, layout_, plan_.accel, dp);
  if (!d) return {BootEnd::kSpawnFailed, d.error().message};
  Status files = scenario_.uefi ? WritePflashCode(image_.firmware, dp.firmware_code) : OkStatus();
  if (files && scenario_.uefi) files = WritePflashVars(dp.firmware_vars);
  if (files) files = GrowNvdimmFilesForLibvirt(layout_);
  if (!files) return {BootEnd::kSpawnFailed, files.error().message};
  const fs::path xml_file = dir_.path() / ("domain-" + std::to_string(boot) + ".xml");
  std::ofstream(xml_file) << d->xml;
  std::unique_ptr<GuestVm> vm = libvirt_->NewGuest(d->xml, paths.console_log, request.qemu_log);
  return RunGuestBoot(request, *vm, recorder);
}

// Records how the boot ended; returns true when another boot should follow.
bool BootLoop::AfterBoot(int boot, const BootResult& r, const RunRecorder& recorder,
                         std::size_t cells_before) {
  for (const std::string& p : recorder.stream_problems())
    results_.AddFailure(boot, "event stream", p);
  results_.SetContext(keys::kBootPrefix + std::to_string(boot) + keys::kBootSecondsSuffix,
                      r.seconds);
  if (r.seconds_to_first_event >= 0)  // start -> the guest's first event: the boot itself
    results_.SetContext(
        keys::kBootPrefix + std::to_string(boot) + keys::kBootFirstEventSecondsSuffix,
        r.seconds_to_first_event);
  if (r.end == BootEnd::kWriteFailed) {
    Written(Error{r.reason});
    return false;
  }
  if (r.end == BootEnd::kCompleted) {
    if (recorder.run_end_status() != "ok")
      results_.AddFailure(
          boot, "run_end",
          "agent reported " + recorder.run_end_status() + ": " + recorder.run_end_reason());
    return false;
  }
  const auto running = tracker_.RunningCell();
  std::string step = running ? Describe(*running) : r.events == 0 ? "boot" : "between cells";
  const std::vector<const RegionPlacement*> suspects =
      step == "boot" ? BootSuspects(layout_, r.end) : std::vector<const RegionPlacement*>{};
  if (!suspects.empty()) step += " with guest memory on " + DescribeSuspects(suspects);
  // KVM stopped the guest or refused its memory: the host kernel's KVM lines printed during
  // this boot say why.
  std::vector<std::string> kernel_log;
  if (r.end == BootEnd::kVmStopped || r.end == BootEnd::kKvmRefused) {
    const std::vector<std::string> now = KernelLogLines("kvm", kKvmLogScan);
    kernel_log.assign(
        now.begin() + static_cast<long>(std::min(kvm_log_lines_at_start_, now.size())), now.end());
    if (kernel_log.size() > kKvmEvidenceLines)  // the last lines: the fault itself
      kernel_log.erase(kernel_log.begin(), kernel_log.end() - static_cast<long>(kKvmEvidenceLines));
  }
  std::string reason = std::string(ToString(r.end)) + ": " + r.reason;
  for (const std::string& line : kernel_log) reason += "; host kernel: " + line;
  results_.AddFailure(boot, step, reason);
  NoteCrashedProbe(ToString(r.end), r.reason, kernel_log);
  if (!Written(dir_.AppendHostEvent(
          protocol::ToJson(protocol::GuestCrash{.boot = boot,
                                                .end = ToString(r.end),
                                                .step = step,
                                                .reason = r.reason,
                                                .host_kernel_log = kernel_log}))))
    return false;
  if (o_.progress)
    *o_.progress << "\nmemattr-host: boot " << boot << " " << ToString(r.end) << " at " << step
                 << ": " << r.reason << "\n";
  // KVM refused a region's memory outright: no boot can have it, so go on without it.
  if (r.end == BootEnd::kKvmRefused && !suspects.empty() &&
      suspects.size() < layout_.regions.size() &&
      boot - first_boot_ + 1 <= plan_.scenario.max_restarts) {
    WithdrawRegions(suspects,
                    "KVM refused its memory (" + r.reason +
                        "); Linux 6.17+ refuses a cacheable PFNMAP when the CPU lacks FWB or DIC");
    return Restarting(boot + 1);
  }
  const bool progressed = tracker_.StartedCells().size() > cells_before;
  if (r.end == BootEnd::kInterrupted || r.end == BootEnd::kSpawnFailed || !progressed) return false;
  if (boot - first_boot_ + 1 > plan_.scenario.max_restarts) return false;
  return Restarting(boot + 1);
}

void BootLoop::WithdrawRegions(const std::vector<const RegionPlacement*>& regions,
                               const std::string& reason) {
  std::set<std::string> names;
  for (const RegionPlacement* p : regions) {
    names.insert(p->config->name);
    results_.AddSkippedRegion(p->config->name, std::string(ToString(p->config->kind)), reason);
    if (o_.progress)
      *o_.progress << "memattr-host: region " << p->config->name << " withdrawn: " << reason
                   << "\n";
  }
  std::erase_if(scenario_.regions, [&](const RegionConfig& r) { return names.count(r.name) > 0; });
  // Fewer regions than a layout that fitted: not expected to fail, so said when it does.
  if (const Status s = PlanLayout(); !s && o_.progress)
    *o_.progress << "memattr-host: " << s.error().message << "\n";
}

RunOutcome BootLoop::Run() {
  if (Status s = PlanLayout(); !s) return RefusedRun(s.error().message, dir_.path());
  RecordContext();  // after the layout: the libvirt pieces are rendered from it
  if (o_.resume) first_boot_ = Replay() + 1;
  if (!Written(dir_.WriteResultsJson(results_.ToJson()))) return WriteFailed();
  if (!Written(CreateBackingFiles(layout_))) return WriteFailed();
  RecorderOptions ropts{.progress = o_.progress,
                        .progress_is_terminal = o_.progress_is_terminal,
                        .backing_paths = {}};
  for (const RegionPlacement& p : layout_.regions)
    if (!p.backing_file.empty())
      ropts.backing_paths.push_back(fs::absolute(p.backing_file).string());
  const auto start = std::chrono::steady_clock::now();
  BootResult last;
  RunRecorder recorder(dir_, results_, tracker_, evidence_, ropts);
  for (int boot = first_boot_;; ++boot) {
    const std::size_t cells_before = tracker_.StartedCells().size();
    last = Boot(boot, recorder);
    if (libvirt_)  // the domain XML is the launch record; libvirt builds the argv from it
      results_.SetContext(keys::kLibvirtDomainXml, "domain-" + std::to_string(boot) + ".xml");
    else
      results_.SetContext(keys::kQemuArgv, nlohmann::json(argv_).dump());
    const bool again = AfterBoot(boot, last, recorder, cells_before);
    tracker_.OnBootEnd();
    results_.SetContext(keys::kBoots, boot);
    if (!write_error_.empty() || !Written(dir_.WriteResultsJson(results_.ToJson())))
      return WriteFailed();  // the pipeline stops at its first failed step
    if (!again) break;
  }
  results_.SetContext(keys::kStatus, ResultsStatusOf(last.end));
  results_.SetContext(
      keys::kDurationSeconds,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  const nlohmann::json json = results_.ToJson();
  if (!Written(dir_.WriteResultsJson(json))) return WriteFailed();
  return {.status = RunStatusOf(last.end, json),
          .results_dir = dir_.path(),
          .messages = {},
          .report = RenderRunSummary(json) + "results: " + dir_.path().string() + "\n"};
}

}  // namespace

RunOutcome RunBootLoop(const RunPlan& plan, const RunOptions& options, LibvirtSession* libvirt,
                       BootLoopHooks* hooks) {
  RunOptions o = options;
  Result<GuestImage> image = LoadImage(plan.image_dir);
  if (!image) return RefusedRun(image.error().message);
  if (o.results_dir.empty()) {
    Result<fs::path> dir = DefaultResultsDir(plan.scenario.name);
    if (!dir) return RefusedRun(dir.error().message);
    o.results_dir = *dir;
  }
  Result<ResultsDir> dir = ResultsDir::Create(o.results_dir, o.resume);
  if (!dir) return RefusedRun(dir.error().message, o.results_dir);
  Result<SocketDir> sockets = SocketDir::Create();
  if (!sockets) return RefusedRun(sockets.error().message, o.results_dir);
  if (o.progress)
    for (const SkippedRegion& s : plan.selection.skipped)
      *o.progress << "memattr-host: skip region " << s.name << ": " << s.reason << "\n";
  InstallInterruptHandlers();
  if (hooks)
    if (const Status s = hooks->BeforeFirstBoot(*dir); !s)
      return RefusedRun(s.error().message, o.results_dir);
  RunOutcome outcome = BootLoop(plan, o, *dir, *sockets, *image, libvirt).Run();
  if (hooks) hooks->AfterLastBoot(*dir, outcome.status);
  return outcome;
}

}  // namespace memattr::host
