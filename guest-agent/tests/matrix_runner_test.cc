#include "matrix/matrix_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <csignal>

#include "inference/verdict_builder.h"

namespace memattr::agent {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Maps anonymous memory; probe outcomes and timings come from tables; records the order of calls.
class FakeExecutor : public CellExecutor {
 public:
  std::map<std::string, Outcome> probe_outcomes;         // probe name -> outcome (default ok)
  std::map<std::string, Outcome> region_probe_outcomes;  // "region/probe" -> outcome, first
  std::string mapped;                                    // the region mapped last
  std::set<std::string> unmappable;                      // region names whose Map fails
  std::vector<std::string> calls;

  Result<MappedRegion> Map(const RegionSpec& spec, MemoryAttribute attribute) override {
    calls.push_back("map " + spec.name);
    mapped = spec.name;
    if (unmappable.count(spec.name))
      return Error{spec.name + ": open: Permission denied (errno 13)"};
    void* base = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return MappedRegion(spec, attribute, base, 4096, 0, 4096, -1, "fake");
  }
  Outcome Probe(const ProbeInfo& probe, std::span<std::byte>) override {
    calls.push_back("probe " + probe.name);
    if (auto r = region_probe_outcomes.find(mapped + "/" + probe.name);
        r != region_probe_outcomes.end())
      return r->second;
    auto it = probe_outcomes.find(probe.name);
    return it == probe_outcomes.end() ? Outcome::Ok() : it->second;
  }
  Result<double> Measure(const MatrixCell& cell, const KernelRun& run, const MappedRegion&,
                         EventSink& sink) override {
    calls.push_back("measure " + run.kernel->name);
    sink.Emit({{"event", "measurement"}, {"region", cell.region}, {"kernel", run.kernel->name}});
    return 100.0 * run.threads;
  }
};

KernelInfo Kernel(std::string name, KernelFamily family) {
  KernelInfo k;
  k.name = std::move(name);
  k.family = family;
  k.aarch64_instructions = {"x"};
  k.x86_64_instructions = {"x"};
  return k;
}

ProbeInfo Probe(std::string name) {
  ProbeInfo p;
  p.name = std::move(name);
  return p;
}

class MatrixRunnerTest : public ::testing::Test {
 protected:
  KernelInfo copy_ = Kernel("stream_copy", KernelFamily::kStreaming);
  KernelInfo zero_ = Kernel("stream_zero_dc_zva", KernelFamily::kStreaming);
  KernelInfo ldadd_ = Kernel("atomic_fetch_add", KernelFamily::kAtomic);
  ProbeInfo unaligned_ = Probe("unaligned_load_8");
  ProbeInfo zva_ = Probe("dc_zva");
  ProbeInfo atomics_ = Probe("atomicity_ldadd");

  MatrixPlan Plan(std::vector<std::string> regions) {
    MatrixPlan plan;
    for (std::size_t i = 0; i < regions.size(); ++i) {
      MatrixCell c;
      c.region_index = i;
      c.region = regions[i];
      c.spec.name = regions[i];
      c.probes = {&unaligned_, &zva_, &atomics_};
      c.kernels = {{&copy_, 1}, {&zero_, 1}, {&ldadd_, 1}};
      plan.cells.push_back(c);
    }
    return plan;
  }
  std::vector<std::string> Kinds() const {
    std::vector<std::string> kinds;
    for (const auto& e : sink_.events()) kinds.push_back(e["event"]);
    return kinds;
  }
  FakeExecutor executor_;
  MemorySink sink_;
};

TEST_F(MatrixRunnerTest, probes_of_every_cell_run_before_any_kernel_each_announced_first) {
  const MatrixResults r = RunMatrix(Plan({"a", "b"}), executor_, sink_, {});
  EXPECT_THAT(
      executor_.calls,
      ElementsAre("map a", "probe unaligned_load_8", "probe dc_zva", "probe atomicity_ldadd",
                  "map b", "probe unaligned_load_8", "probe dc_zva", "probe atomicity_ldadd",
                  "map a", "measure stream_copy", "measure stream_zero_dc_zva",
                  "measure atomic_fetch_add", "map b", "measure stream_copy",
                  "measure stream_zero_dc_zva", "measure atomic_fetch_add"));
  const std::vector<std::string> kinds = Kinds();
  ASSERT_EQ(kinds.size(), 2u * (3 * 2) + 2u * (3 * 3));  // kernels: begin, measurement, end
  for (std::size_t i = 0; i < 6; i += 2) {
    EXPECT_EQ(kinds[i], "probe_begin");
    EXPECT_EQ(kinds[i + 1], "probe_outcome");
  }
  EXPECT_EQ(kinds[12], "measurement_begin");
  EXPECT_EQ(kinds[13], "measurement");
  EXPECT_EQ(kinds[14], "measurement_end");
  EXPECT_EQ(sink_.events()[0]["probe"], "unaligned_load_8");
  EXPECT_EQ(sink_.events()[1]["outcome"]["kind"], "ok");
  EXPECT_EQ(r.cells[0].probes.size(), 3u);
  EXPECT_EQ((r.cells[1].ns_per_iteration.at({"stream_copy", 1})), 100.0);
}

TEST_F(MatrixRunnerTest, broken_probes_guard_the_kernels_using_those_instructions) {
  executor_.probe_outcomes["dc_zva"] = Outcome::Fault(SIGBUS, 1, 0x1000);
  executor_.probe_outcomes["atomicity_ldadd"] = Outcome::WrongData(200, 190, "lost");
  executor_.probe_outcomes["unaligned_load_8"] = Outcome::Fault(SIGBUS, 1, 0x1001);
  const MatrixResults r = RunMatrix(Plan({"a"}), executor_, sink_, {});
  EXPECT_THAT(executor_.calls, ::testing::Contains("measure stream_copy"));
  EXPECT_THAT(executor_.calls, ::testing::Not(::testing::Contains("measure stream_zero_dc_zva")));
  EXPECT_THAT(executor_.calls, ::testing::Not(::testing::Contains("measure atomic_fetch_add")));
  std::vector<std::string> skips;
  for (const auto& e : sink_.events())
    if (e["event"] == "cell_skipped")
      skips.push_back(e["kernel"].get<std::string>() + ": " + e["reason"].get<std::string>());
  EXPECT_THAT(skips, ElementsAre(HasSubstr("stream_zero_dc_zva: probe dc_zva fault(SIGBUS"),
                                 HasSubstr("atomic_fetch_add: probe atomicity_ldadd wrong-data")));
  EXPECT_EQ(r.skipped_cells, 2);
  EXPECT_EQ(r.cells[0].probes.at(0).outcome.kind, OutcomeKind::kFault);
}

TEST_F(MatrixRunnerTest, a_probe_timeout_guards_every_kernel) {
  executor_.probe_outcomes["unaligned_load_8"] = Outcome::Timeout("no progress in 10 s");
  RunMatrix(Plan({"a"}), executor_, sink_, {});
  for (const std::string& call : executor_.calls)
    EXPECT_THAT(call, ::testing::Not(HasSubstr("measure")));
}

TEST_F(MatrixRunnerTest, map_failure_becomes_a_skip_naming_the_error_and_the_run_goes_on) {
  executor_.unmappable = {"a"};
  const MatrixResults r = RunMatrix(Plan({"a", "b"}), executor_, sink_, {});
  EXPECT_FALSE(r.cells[0].mapped);
  EXPECT_TRUE(r.cells[1].mapped);
  EXPECT_EQ(r.failed_cells, 2);  // probes and kernels each tried to map it
  const auto& first = sink_.events().at(0);
  EXPECT_EQ(first["event"], "cell_skipped");
  EXPECT_THAT(first["reason"].get<std::string>(), HasSubstr("Permission denied (errno 13)"));
  EXPECT_THAT(executor_.calls, ::testing::Contains("measure stream_copy"));
}

TEST_F(MatrixRunnerTest, spent_time_budget_stops_new_cells_and_says_so) {
  double now = 0;
  MatrixRunOptions options{.time_budget_seconds = 10, .elapsed_seconds = [&] { return now; }};
  executor_.probe_outcomes.clear();
  // Spend the budget as soon as the first cell's probes are done.
  class Spender : public FakeExecutor {
   public:
    double* now = nullptr;
    Outcome Probe(const ProbeInfo& p, std::span<std::byte> m) override {
      *now += 4;
      return FakeExecutor::Probe(p, m);
    }
  } spender;
  spender.now = &now;
  const MatrixResults r = RunMatrix(Plan({"a", "b"}), spender, sink_, options);
  EXPECT_TRUE(r.budget_exhausted);
  EXPECT_THAT(spender.calls, ElementsAre("map a", "probe unaligned_load_8", "probe dc_zva",
                                         "probe atomicity_ldadd"));
  int budget_skips = 0;
  for (const auto& e : sink_.events())
    budget_skips += e["event"] == "cell_skipped" && e["reason"] == "time budget of 10 s spent";
  EXPECT_EQ(budget_skips, 3 + 3 + 3);  // b's probes, a's kernels, b's kernels
}

TEST_F(MatrixRunnerTest, plan_skips_are_streamed_first) {
  MatrixPlan plan = Plan({});
  plan.skipped.push_back({"ram", MemoryAttribute::kDeviceNGnRE, "", "", "not reachable"});
  plan.skipped.push_back(
      {"ram", MemoryAttribute::kNormalWb, "exclusive_increment", "", "not on x86_64"});
  RunMatrix(plan, executor_, sink_, {});
  ASSERT_EQ(sink_.events().size(), 2u);
  EXPECT_EQ(sink_.events()[0]["attribute"], "device-ngnre");
  EXPECT_FALSE(sink_.events()[0].contains("kernel"));
  EXPECT_EQ(sink_.events()[1]["kernel"], "exclusive_increment");
}

const ManifestHostOutcome kHostFault{
    .region = "a",
    .attribute = MemoryAttribute::kNormalWb,
    .probe = "unaligned_load_8",
    .outcome = HostOutcomeKind::kStage2Fault,
    .evidence = {"kvm [812]: Unsupported FSC: EC=0x24 xFSC=0x21 ESR_EL2=0x93c28021",
                 "error: kvm run failed Bad address"}};

TEST_F(MatrixRunnerTest,
       a_host_outcome_is_streamed_as_the_probes_outcome_and_the_probe_does_not_run) {
  MatrixPlan plan = Plan({"a"});
  plan.cells[0].probes = {&zva_, &atomics_};  // BuildMatrix leaves out a probe the host observed
  plan.cells[0].host_outcomes = {kHostFault};
  const MatrixResults r = RunMatrix(plan, executor_, sink_, {});
  EXPECT_THAT(executor_.calls, ::testing::Not(::testing::Contains("probe unaligned_load_8")));
  EXPECT_THAT(executor_.calls,
              ::testing::Contains("measure stream_copy"));  // aligned kernels still run
  const nlohmann::json& first = sink_.events().at(0);
  EXPECT_EQ(first["event"], "probe_outcome");
  EXPECT_EQ(first["source"], "host-observed");
  EXPECT_EQ(first["host_outcome"], "stage2-fault");
  EXPECT_EQ(first["probe"], "unaligned_load_8");
  EXPECT_EQ(first["attribute"], "normal-wb");
  EXPECT_EQ(first["outcome"]["kind"], "fault");
  EXPECT_EQ(first["outcome"]["signal"], 0);
  EXPECT_THAT(first["outcome"]["reason"].get<std::string>(),
              HasSubstr("stage-2 fault observed by the host: its KVM stopped the VM"));
  EXPECT_EQ(first["evidence"], nlohmann::json(kHostFault.evidence));
  EXPECT_EQ(sink_.events().at(1)["event"], "probe_begin");
  ASSERT_EQ(r.cells[0].probes.size(), 3u);
  EXPECT_EQ(r.cells[0].probes[0].host_outcome, "stage2-fault");
  EXPECT_EQ(r.cells[0].probes[0].outcome.kind, OutcomeKind::kFault);
}

TEST_F(MatrixRunnerTest, a_cell_known_only_from_the_host_is_not_mapped_but_still_gets_a_verdict) {
  MatrixPlan plan = Plan({"a"});
  plan.cells[0].probes.clear();
  plan.cells[0].kernels.clear();
  plan.cells[0].host_outcomes = {kHostFault};
  plan.unplaced_host_outcomes = {
      {.region = "gone", .probe = "dc_zva", .outcome = HostOutcomeKind::kGuestCrashed}};
  const MatrixResults r = RunMatrix(plan, executor_, sink_, {});
  EXPECT_TRUE(executor_.calls.empty());
  ASSERT_EQ(sink_.events().size(), 2u);
  EXPECT_EQ(sink_.events()[0]["region"], "gone");
  EXPECT_EQ(sink_.events()[0]["outcome"]["kind"], "error");
  EXPECT_EQ(sink_.events()[1]["region"], "a");
  DiscoveredRegion a;
  a.name = "a";
  a.kind = ManifestRegionKind::kBar;
  a.backing = "host-devdax";
  const VerdictContext context{Arch::kAarch64,
                               {.accel = "kvm", .host_kernel = "6.12.0-28-cloud-arm64"}};
  const std::vector<InferenceInput> inputs = BuildInferenceInputs(plan, r, {a}, context);
  ASSERT_EQ(inputs.size(), 1u);
  const Verdict v = InferEffectiveType(inputs[0]);
  EXPECT_EQ(v.inferred, EffectiveType::kDevice);
  EXPECT_EQ(v.verdict, VerdictKind::kDegraded);
  EXPECT_THAT(v.reason, HasSubstr("observed by the host"));
}

// Issue 16, class 8: a guest killed after the first cell's probes and restarted with those probes
// skipped judged that cell on the new boot's evidence alone (none: no verdict) and lost the RAM
// reference. Given the earlier boot's events back (manifest earlier_evidence, as memattr-host
// collects them), the resumed boot's verdicts equal an uninterrupted run's.
TEST_F(MatrixRunnerTest, a_resumed_run_with_earlier_evidence_gives_the_uninterrupted_verdicts) {
  DiscoveredRegion ram, bar;
  ram.name = "ram", ram.kind = ManifestRegionKind::kRam;
  bar.name = "bar", bar.kind = ManifestRegionKind::kBar, bar.backing = "emulated";
  const std::vector<DiscoveredRegion> regions{ram, bar};
  const VerdictContext context{Arch::kAarch64, {.accel = "tcg", .host_kernel = "6.12.0"}};
  executor_.region_probe_outcomes["bar/unaligned_load_8"] = Outcome::Fault(SIGBUS, BUS_ADRALN, 1);
  auto verdicts = [&](const MatrixPlan& plan, const MatrixResults& r) {
    std::vector<std::string> out;
    for (const InferenceInput& in : BuildInferenceInputs(plan, r, regions, context)) {
      const Verdict v = InferEffectiveType(in);
      out.push_back(in.region + " " + std::string(ToString(v.inferred)) + " " +
                    std::string(ToString(v.verdict)));
    }
    return out;
  };
  const MatrixPlan whole = Plan({"ram", "bar"});
  const std::vector<std::string> uninterrupted =
      verdicts(whole, RunMatrix(whole, executor_, sink_, {}));
  ASSERT_EQ(uninterrupted.size(), 2u);

  // Boot 1 died after the ram cell's probes and its stream_copy: those events come back.
  std::vector<ManifestEarlierEvidence> earlier;
  for (const nlohmann::json& e : sink_.events()) {
    if (e.value("region", "") != "ram") continue;
    if (e["event"] == "probe_outcome")
      earlier.push_back({.region = "ram",
                         .probe = e["probe"].get<std::string>(),
                         .outcome = {.kind = e["outcome"]["kind"] == "ok" ? OutcomeKind::kOk
                                                                          : OutcomeKind::kFault}});
    if (e["event"] == "measurement_end" && e["kernel"] == "stream_copy")
      earlier.push_back({.region = "ram",
                         .kernel = "stream_copy",
                         .threads = e["threads"].get<int>(),
                         .ns_per_iteration = e["ns_per_iteration"].get<double>()});
  }
  ASSERT_EQ(earlier.size(), 4u) << "3 probe outcomes and 1 timing of ram";
  MatrixPlan resumed = Plan({"ram", "bar"});
  resumed.cells[0].probes.clear();  // skip_cells: started in boot 1
  resumed.cells[0].kernels = {{&zero_, 1}, {&ldadd_, 1}};
  MatrixPlan without_evidence = resumed;
  resumed.cells[0].earlier = earlier;
  EXPECT_EQ(verdicts(resumed, RunMatrix(resumed, executor_, sink_, {})), uninterrupted);
  // Without it (the bug): ram's verdict differs or is missing.
  EXPECT_NE(verdicts(without_evidence, RunMatrix(without_evidence, executor_, sink_, {})),
            uninterrupted);
}

TEST_F(MatrixRunnerTest, every_kernel_timing_is_streamed_as_measurement_end) {
  const MatrixPlan plan = Plan({"a"});
  (void)RunMatrix(plan, executor_, sink_, {});
  std::vector<std::string> ends;
  for (const nlohmann::json& e : sink_.events())
    if (e["event"] == "measurement_end")
      ends.push_back(e["kernel"].get<std::string>() + "=" + e["ns_per_iteration"].dump());
  EXPECT_THAT(
      ends, ElementsAre("stream_copy=100.0", "stream_zero_dc_zva=100.0", "atomic_fetch_add=100.0"));
}

TEST(HostObservedEvidenceTest, each_host_outcome_maps_to_an_outcome_kind) {
  ManifestHostOutcome o{.probe = "dc_zva", .description = "no event for 120 s"};
  o.outcome = HostOutcomeKind::kStage2Fault;
  EXPECT_EQ(HostObservedEvidence(o).outcome.kind, OutcomeKind::kFault);
  o.outcome = HostOutcomeKind::kTimeout;
  EXPECT_EQ(HostObservedEvidence(o).outcome.ToString(),
            "timeout(guest hang observed by the host: no event for 120 s)");
  o.outcome = HostOutcomeKind::kGuestCrashed;
  EXPECT_EQ(HostObservedEvidence(o).outcome.kind, OutcomeKind::kError);
  EXPECT_EQ(HostObservedEvidence(o).host_outcome, "guest-crashed");
}

}  // namespace
}  // namespace memattr::agent
