// memattr-bench: maps regions, optionally runs the correctness probes on them, then runs the
// selected kernels under Google Benchmark with stable names, memattr.* context, counters and
// pinned threads. Console output and --benchmark_out JSON are Google Benchmark's own (so
// compare.py reads them); --events adds result events (bench/docs/result_events.md).
//   memattr-bench --list
//   memattr-bench --region anon:size=64M --kernels stream_triad_simd --threads 1,2
//                 --benchmark_repetitions=9 --benchmark_out=run.json
// Exit codes: 0 ok, 1 a run failed (errored/wrong data, no region mapped), 2 bad input.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <optional>

#include "harness/event_reporter.h"
#include "harness/kernel_registration.h"
#include "harness/run_context.h"
#include "harness/tee_reporter.h"
#include "measure/perf_counters.h"
#include "measure/thread_pinning.h"
#include "measure/topology.h"
#include "memattr/cpu_features.h"
#include "memattr/event_sink.h"
#include "memattr/kernel_runner.h"
#include "memattr/mapped_region.h"
#include "memattr/probes.h"
#include "tools/bench_options.h"
#include "tools/kernel_table.h"

namespace memattr {
namespace {

constexpr int kExitFailed = 1;
constexpr int kExitBadInput = 2;

int BadInput(const std::string& message) {
  std::cerr << "memattr-bench: " << message << "\n";
  return kExitBadInput;
}

// Where events go: nowhere, stdout, or a file we own.
struct EventOutput {
  int fd = -1;
  std::unique_ptr<JsonLinesSink> sink;
  ~EventOutput() {
    if (fd > STDERR_FILENO) ::close(fd);
  }
  void Emit(const protocol::ResultEvent& event) {
    if (sink) sink->Write(event);
  }
};

Status OpenEvents(const std::string& target, EventOutput& out) {
  if (target.empty()) return OkStatus();
  out.fd = target == "-" ? STDOUT_FILENO
                         : ::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out.fd < 0) return ErrnoError(target, "open --events");
  out.sink = std::make_unique<JsonLinesSink>(out.fd);
  return OkStatus();
}

struct Machine {
  std::optional<Topology> topology;
  std::string topology_error;
  TopologyFacts facts;  // empty when hwloc failed: the working set then says "assumed"
};

Machine DiscoverMachine() {
  Machine m;
  Result<Topology> t = Topology::Discover();
  if (!t) {
    m.topology_error = t.error().message;
    return m;
  }
  m.facts = t->facts();
  m.topology.emplace(std::move(*t));
  return m;
}

// The pinner, if pinning works on this thread; otherwise why not (said once, in the context).
std::optional<ThreadPinner> MakePinner(const Machine& m, bool no_pin, std::string& pinning) {
  if (no_pin) return pinning = "unavailable: --no-pin", std::nullopt;
  if (!m.topology) return pinning = "unavailable: " + m.topology_error, std::nullopt;
  ThreadPinner pinner(*m.topology);
  Result<PinGuard> probe = pinner.PinCurrentThread(0);
  if (!probe) return pinning = "unavailable: " + probe.error().message, std::nullopt;
  pinning = pinner.Describe();
  return pinner;
}

struct MappedRegions {
  std::vector<MappedRegion> regions;
  std::vector<std::string> skipped;  // "region 'x' attr y: reason"
};

MappedRegions MapAll(const BenchRequest& request, std::uint64_t default_size, EventOutput& events) {
  std::vector<RegionSpec> specs = request.regions;
  if (specs.empty())
    specs.push_back(
        RegionSpec{.name = "anon",
                   .size = default_size,
                   .huge_pages = request.huge_pages ? HugePages::kYes : HugePages::kNo});
  MappedRegions out;
  for (const RegionSpec& spec : specs) {
    for (MemoryAttribute attribute : request.attributes) {
      Result<MappedRegion> region = MapRegion(spec, attribute);
      if (region) {
        out.regions.push_back(std::move(*region));
        continue;
      }
      out.skipped.push_back("region '" + spec.name + "' " + std::string(ToString(attribute)) +
                            ": " + region.error().message);
      events.Emit(protocol::CellSkipped{.region = spec.name,
                                        .attribute = std::string(ToString(attribute)),
                                        .reason = region.error().message});
    }
  }
  return out;
}

void RunProbes(const std::vector<MappedRegion>& regions, EventOutput& events) {
  for (const MappedRegion& region : regions) {
    const std::string attr(ToString(region.requested()));
    for (const ProbeInfo& probe : AllProbes()) {
      events.Emit(protocol::ProbeBegin{
          .region = region.spec().name, .attribute = attr, .probe = probe.name});
      Outcome o = RunProbe(probe, region.bytes(), {});
      std::cerr << "probe " << region.spec().name << " " << attr << " " << probe.name << ": "
                << o.ToString() << "\n";
      events.Emit(protocol::ProbeOutcome{.region = region.spec().name,
                                         .attribute = attr,
                                         .probe = probe.name,
                                         .outcome = o.ToEvent()});
    }
  }
}

std::string KernelRelease() {
  struct utsname u;
  return ::uname(&u) == 0 ? u.release : "unknown";
}

protocol::RunStart RunStart(const BenchContextFacts& facts) {
  const CpuFeatures& cpu = GetCpuFeatures();
  return {.facts = {{"arch", ToString(ThisArch())},
                    {"kernel_release", KernelRelease()},
                    {"cpu_features", cpu.hwcaps},
                    {"lse", cpu.lse},
                    {"dczid_block_bytes", cpu.dc_zva_block_bytes},
                    {"accel", facts.accel},
                    {"module_loaded", false},
                    {"perf_counters", facts.perf_counters}}};
}

std::string JoinThreads(const std::vector<int>& threads) {
  std::string s;
  for (int t : threads) s += (s.empty() ? "" : ",") + std::to_string(t);
  return s;
}

BenchContextFacts Facts(const BenchRequest& request, const BenchOptions& options, const Machine& m,
                        const WorkingSetChoice& ws, const std::vector<MappedRegion>& regions) {
  BenchContextFacts f;
  f.accel = options.accel;
  f.topology = m.topology ? m.facts.Summary() : "unavailable: " + m.topology_error;
  f.llc_bytes = m.facts.llc_bytes ? std::to_string(m.facts.llc_bytes) : "unknown";
  f.working_set = request.working_set_bytes
                      ? std::to_string(request.working_set_bytes) + " (--working-set)"
                      : std::to_string(ws.bytes) + " (streaming default: " + ws.how + ")";
  f.threads = JoinThreads(request.threads);
  for (const MappedRegion& r : regions) {
    f.regions.emplace_back(r.spec().name + "." + std::string(ToString(r.requested())),
                           RegionFact(PlanRegionOf(r), r.how()));
  }
  return f;
}

Result<BenchmarkPlan> Plan(const BenchRequest& request, const std::vector<MappedRegion>& regions,
                           std::uint64_t streaming_default) {
  PlanRequest p{.kernels = request.kernels,
                .threads = request.threads,
                .streaming_working_set_bytes = streaming_default,
                .working_set_bytes = request.working_set_bytes,
                .tuning = request.tuning};
  for (const MappedRegion& r : regions) p.regions.push_back(PlanRegionOf(r));
  return BuildPlan(p);
}

// Google Benchmark's flags: argv[0] plus what CLI11 left over. Returns false on a flag that
// Google Benchmark does not know either.
bool InitializeBenchmark(char* argv0, std::vector<std::string> extras) {
  std::vector<char*> argv = {argv0};
  for (std::string& e : extras) argv.push_back(e.data());
  int argc = static_cast<int>(argv.size());
  benchmark::Initialize(&argc, argv.data());
  return !benchmark::ReportUnrecognizedArguments(argc, argv.data());
}

struct RunCounts {
  int runs = 0;
  int errors = 0;
};

// Registers the plan and runs it: console (--benchmark_format) + our events, and Google
// Benchmark's own JSON file reporter when --benchmark_out is given.
RunCounts RunPlan(std::vector<BenchmarkPlanEntry> entries, const RunnerOptions& runner_options,
                  const BenchOptions& options, EventOutput& events) {
  PlanRunner runner(std::move(entries), runner_options);
  runner.RegisterAll();
  std::unique_ptr<benchmark::BenchmarkReporter> display(benchmark::CreateDefaultDisplayReporter());
  if (options.events == "-") display->SetOutputStream(&std::cerr);  // stdout carries the events
  MemorySink in_memory;  // without --events the reporter still counts runs and errors
  EventReporter reporter(events.sink ? static_cast<EventSink&>(*events.sink) : in_memory);
  TeeReporter tee({display.get(), &reporter});
  benchmark::RunSpecifiedBenchmarks(&tee);
  benchmark::Shutdown();
  return {reporter.runs_reported(), reporter.runs_with_error()};
}

int RunBenchmarks(const BenchRequest& request, const BenchOptions& options) {
  EventOutput events;
  if (Status s = OpenEvents(options.events, events); !s) return BadInput(s.error().message);
  const Machine machine = DiscoverMachine();
  const WorkingSetChoice ws = DefaultStreamingWorkingSet(machine.facts);
  const std::uint64_t default_size =
      request.working_set_bytes ? request.working_set_bytes : ws.bytes;
  MappedRegions mapped = MapAll(request, default_size, events);
  for (const std::string& s : mapped.skipped) std::cerr << "skip: " << s << "\n";
  if (mapped.regions.empty()) return std::cerr << "memattr-bench: no region mapped\n", kExitFailed;
  BenchContextFacts facts = Facts(request, options, machine, ws, mapped.regions);
  std::optional<ThreadPinner> pinner = MakePinner(machine, options.no_pin, facts.pinning);
  const PerfCounterSet counters = PerfCounterSet::Probe(request.counter_sets);
  facts.perf_counters =
      request.counter_sets.empty() ? "unavailable: --counters none" : counters.Describe();
  events.Emit(RunStart(facts));
  if (options.probes) RunProbes(mapped.regions, events);
  Result<BenchmarkPlan> plan = Plan(request, mapped.regions, ws.bytes);
  if (!plan) return BadInput(plan.error().message);
  for (const SkippedCell& c : plan->skipped) {
    std::cerr << "skip: " << c.name << ": " << c.reason << "\n";
    events.Emit(protocol::CellSkipped{.kernel = c.name, .reason = c.reason});
  }
  AddRunContext(facts);
  RunnerOptions runner_options{
      .prepare = PrepareKernel, .pinner = pinner ? &*pinner : nullptr, .counters = &counters};
  const RunCounts counts = RunPlan(plan->entries, runner_options, options, events);
  const bool failed = counts.errors > 0;
  events.Emit(
      protocol::RunEnd{.status = failed ? "failed" : "ok",
                       .reason = failed ? std::to_string(counts.errors) + " run(s) failed" : "",
                       .counts = {{"runs", counts.runs},
                                  {"errors", counts.errors},
                                  {"skipped", plan->skipped.size() + mapped.skipped.size()}}});
  return failed ? kExitFailed : 0;
}

}  // namespace
}  // namespace memattr

int main(int argc, char** argv) {
  using namespace memattr;
  CLI::App app{
      "memattr-bench: memory-attribute kernels under Google Benchmark "
      "(unknown --benchmark_* flags go to Google Benchmark)"};
  BenchOptions options;
  AddBenchOptions(app, options);
  app.allow_extras();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return e.get_exit_code() == 0 ? app.exit(e) : (app.exit(e), kExitBadInput);
  }
  if (options.list) return std::cout << KernelTable(AllKernels(), AllProbes(), ThisArch()), 0;
  if (!options.describe.empty()) {
    const KernelInfo* k = FindKernel(options.describe);
    if (k == nullptr) {
      Result<BenchRequest> known = ResolveBenchOptions({.kernels = {options.describe}});
      return BadInput("--describe: " + (known ? std::string("?") : known.error().message));
    }
    return std::cout << DescribeKernel(*k), 0;
  }
  Result<BenchRequest> request = ResolveBenchOptions(options);
  if (!request) return BadInput(request.error().message);
  if (!InitializeBenchmark(argv[0], app.remaining())) return kExitBadInput;
  return RunBenchmarks(*request, options);
}
