#include "inference/effective_type_inference.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

namespace memattr::agent {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

constexpr int kBusAdrAln = 1;  // BUS_ADRALN

ProbeEvidence Ok(const char* probe) { return {probe, Outcome::Ok()}; }
ProbeEvidence Fault(const char* probe) {
  return {probe, Outcome::Fault(SIGBUS, kBusAdrAln, 0x1001)};
}
ProbeEvidence Lost(const char* probe) {
  return {probe, Outcome::WrongData(20000, 19873, "lost increments")};
}
// What HostObservedEvidence makes of a manifest host outcome: the probe took the guest down.
ProbeEvidence HostStage2Fault(const char* probe) {
  return {
      probe,
      Outcome::FaultWithoutSignal("stage-2 fault observed by the host: kvm run failed Bad address"),
      "stage2-fault",
      {"kvm [812]: Unsupported FSC: EC=0x24 xFSC=0x21 ESR_EL2=0x93c28021"}};
}
ProbeEvidence HostCrash(const char* probe) {
  return {probe,
          Outcome::Failed("guest crash observed by the host: the guest died in this probe"),
          "guest-crashed",
          {}};
}

StageTwoFacts Tcg() { return {.accel = "tcg"}; }
StageTwoFacts Kvm612(std::string backing) {
  return {.accel = "kvm",
          .host_kernel = "6.12.0-28-cloud-arm64",
          .kind = ManifestRegionKind::kDax,
          .backing = std::move(backing)};
}
// The nested A/B's L2 region: an ivshmem BAR backed by L1's /dev/dax0.0, under an L1 kernel.
StageTwoFacts KvmDevdaxBar(std::string host_kernel, std::optional<bool> cap243) {
  return {.accel = "kvm",
          .host_kernel = std::move(host_kernel),
          .cacheable_pfnmap_cap = cap243,
          .kind = ManifestRegionKind::kBar,
          .backing = "host-devdax"};
}
StageTwoFacts Kvm73Fwb(std::string backing) {
  return {.accel = "kvm",
          .host_kernel = "7.3.4",
          .fwb = true,
          .kind = ManifestRegionKind::kDax,
          .backing = std::move(backing)};
}

struct Case {
  const char* name;
  InferenceInput input;
  EffectiveType inferred;
  EffectiveType expected;
  VerdictKind verdict;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class InferenceTableTest : public ::testing::TestWithParam<Case> {};

TEST_P(InferenceTableTest, evidence_gives_verdict) {
  const Case& c = GetParam();
  const Verdict v = InferEffectiveType(c.input);
  EXPECT_EQ(v.inferred, c.inferred) << c.name << ": " << ::testing::PrintToString(v.evidence);
  EXPECT_EQ(v.expected.type, c.expected)
      << c.name << ": " << ::testing::PrintToString(v.expected.reasoning);
  EXPECT_EQ(v.verdict, c.verdict) << c.name << ": " << v.reason;
  EXPECT_FALSE(v.reason.empty()) << c.name;
  EXPECT_FALSE(v.evidence.empty()) << c.name;
}

TimingEvidence Timing(double cell, double wb, std::optional<double> device = std::nullopt) {
  return {"latency_chase/threads:1", cell, wb, device};
}

INSTANTIATE_TEST_SUITE_P(
    Table, InferenceTableTest,
    ::testing::Values(
        // TCG: the unaligned probe decides Device vs Normal; the subtype stays unobserved.
        Case{"tcg_device_ngnre_faults",
             {.requested = MemoryAttribute::kDeviceNGnRE,
              .stage2 = Tcg(),
              .probes = {Fault("unaligned_load_8")}},
             EffectiveType::kDevice,
             EffectiveType::kDevice,
             VerdictKind::kAsExpected},
        Case{"tcg_device_ngnrne_faults",
             {.requested = MemoryAttribute::kDeviceNGnRnE,
              .stage2 = Tcg(),
              .probes = {Fault("unaligned_load_8"), Ok("dc_zva")}},
             EffectiveType::kDevice,
             EffectiveType::kDevice,
             VerdictKind::kAsExpected},
        Case{"tcg_normal_nc_ok",
             {.requested = MemoryAttribute::kNormalNc,
              .stage2 = Tcg(),
              .probes = {Ok("unaligned_load_8")}},
             EffectiveType::kNormal,
             EffectiveType::kNormalNc,
             VerdictKind::kAsExpected},
        Case{"tcg_normal_wb_ok",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = Tcg(),
              .probes = {Ok("unaligned_load_8")}},
             EffectiveType::kNormal,
             EffectiveType::kNormalWb,
             VerdictKind::kAsExpected},
        // The pre-6.17 KVM bug: devdax requested Normal-WB, stage 2 Device, and it behaves so.
        Case{"kvm612_devdax_degraded",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = Kvm612("host-devdax"),
              .probes = {Fault("unaligned_load_8")}},
             EffectiveType::kDevice,
             EffectiveType::kDevice,
             VerdictKind::kDegraded},
        Case{"kvm73_devdax_normal_but_faults_is_degraded",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = Kvm73Fwb("host-devdax"),
              .probes = {Fault("unaligned_load_8")}},
             EffectiveType::kDevice,
             EffectiveType::kNormalWb,
             VerdictKind::kDegraded},
        // The cap-243 path itself: a cacheable VM_PFNMAP (/dev/memattr-wb, as nvgrace-gpu maps).
        Case{"kvm612_pfnmap_degraded",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = Kvm612("host-pfnmap"),
              .probes = {Fault("unaligned_load_8")}},
             EffectiveType::kDevice,
             EffectiveType::kDevice,
             VerdictKind::kDegraded},
        Case{"kvm73_pfnmap_normal_wb",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = Kvm73Fwb("host-pfnmap"),
              .probes = {Ok("unaligned_load_8")}},
             EffectiveType::kNormal,
             EffectiveType::kNormalWb,
             VerdictKind::kAsExpected},
        // 7.x on a CPU without FWB (cap 243 = 0): devdax is still Normal (no VM_PFNMAP); a
        // cacheable PFNMAP is refused, so the model cannot say what it would be and the
        // observation is judged against the request alone.
        Case{"kvm73_nofwb_devdax_normal_wb",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = KvmDevdaxBar("7.3.4", false),
              .probes = {Ok("unaligned_load_8")}},
             EffectiveType::kNormal,
             EffectiveType::kNormalWb,
             VerdictKind::kAsExpected},
        Case{"kvm73_nofwb_pfnmap_model_unknown",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = {.accel = "kvm",
                         .host_kernel = "7.3.4",
                         .cacheable_pfnmap_cap = false,
                         .kind = ManifestRegionKind::kBar,
                         .backing = "host-pfnmap"},
              .probes = {Ok("unaligned_load_8")}},
             EffectiveType::kNormal,
             EffectiveType::kUnknown,
             VerdictKind::kAsExpected},
        Case{"kvm73_devdax_normal_wb",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = Kvm73Fwb("host-devdax"),
              .probes = {Ok("unaligned_load_8")},
              .timing = Timing(80, 75, 900)},
             EffectiveType::kNormalWb,
             EffectiveType::kNormalWb,
             VerdictKind::kAsExpected},
        // Nested A/B: the unaligned probe took L2 down at stage 2 under a 6.12 L1 (the host saw
        // it); under a 7.x L1 with cap 243 the same load works in the guest.
        Case{"kvm612_devdax_bar_host_observed_stage2_fault",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = KvmDevdaxBar("6.12.0-28-cloud-arm64", std::nullopt),
              .probes = {HostStage2Fault("unaligned_load_8")}},
             EffectiveType::kDevice,
             EffectiveType::kDevice,
             VerdictKind::kDegraded},
        Case{"kvm612_cap0_devdax_bar_normal_nc_host_observed",
             {.requested = MemoryAttribute::kNormalNc,
              .stage2 = KvmDevdaxBar("6.12.0", false),
              .probes = {HostStage2Fault("unaligned_load_8"), Ok("dc_zva")}},
             EffectiveType::kDevice,
             EffectiveType::kDevice,
             VerdictKind::kDegraded},
        Case{"kvm73_cap243_devdax_bar_normal",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = KvmDevdaxBar("7.3.4", true),
              .probes = {Ok("unaligned_load_8")}},
             EffectiveType::kNormal,
             EffectiveType::kNormalWb,
             VerdictKind::kAsExpected},
        Case{"host_observed_crash_is_no_evidence",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = KvmDevdaxBar("6.12.0", false),
              .probes = {HostCrash("unaligned_load_8")}},
             EffectiveType::kUnknown,
             EffectiveType::kDevice,
             VerdictKind::kInconclusive},
        // Timing (real hardware): Normal by the probe, uncached by the clock => Normal-NC.
        Case{"kvm_wb_requested_but_uncached_timing",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = Kvm73Fwb("file"),
              .probes = {Ok("unaligned_load_8")},
              .timing = Timing(800, 80, 900)},
             EffectiveType::kNormalNc,
             EffectiveType::kNormalWb,
             VerdictKind::kDegraded},
        // FWB forces a Normal-NC stage 1 on a Normal stage 2 to Normal-WB.
        Case{"kvm_fwb_forces_nc_to_wb",
             {.requested = MemoryAttribute::kNormalNc,
              .stage2 = Kvm73Fwb("file"),
              .probes = {Ok("unaligned_load_8")},
              .timing = Timing(85, 80)},
             EffectiveType::kNormalWb,
             EffectiveType::kNormalWb,
             VerdictKind::kAsExpected},
        // Atomics broken where they must work.
        Case{"atomics_lost_on_normal_wb_unsafe",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = Tcg(),
              .probes = {Ok("unaligned_load_8"), Lost("atomicity_ldadd")}},
             EffectiveType::kNormal,
             EffectiveType::kNormalWb,
             VerdictKind::kUnsafe},
        Case{"exclusive_fault_on_normal_wb_unsafe",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = Kvm612("file"),
              .probes = {Fault("exclusive_loop")}},
             EffectiveType::kUnknown,
             EffectiveType::kNormalWb,
             VerdictKind::kUnsafe},
        // ...but on Device they may fail: not unsafe.
        Case{"atomics_fault_on_device_is_allowed",
             {.requested = MemoryAttribute::kDeviceNGnRE,
              .stage2 = Kvm612("ivshmem"),
              .probes = {Fault("unaligned_load_8"), Fault("exclusive_loop")}},
             EffectiveType::kDevice,
             EffectiveType::kDevice,
             VerdictKind::kAsExpected},
        // Inconclusive: no evidence; model unknown; less restrictive than the model.
        Case{"no_evidence",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = Tcg(),
              .probes = {{"unaligned_load_8", Outcome::Failed("fork: EAGAIN")}}},
             EffectiveType::kUnknown,
             EffectiveType::kNormalWb,
             VerdictKind::kInconclusive},
        Case{"model_lacks_cap_still_degraded",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = {.accel = "kvm", .backing = "host-devdax"},
              .probes = {Fault("unaligned_load_8")}},
             EffectiveType::kDevice,
             EffectiveType::kUnknown,
             VerdictKind::kDegraded},
        Case{"less_restrictive_than_model",
             {.requested = MemoryAttribute::kNormalWb,
              .stage2 = Kvm612("host-devdax"),
              .probes = {Ok("unaligned_load_8")}},
             EffectiveType::kNormal,
             EffectiveType::kDevice,
             VerdictKind::kInconclusive},
        // x86_64: no alignment evidence; timing decides.
        Case{"x86_timing_only_cacheable",
             {.requested = MemoryAttribute::kNormalWb,
              .arch = Arch::kX86_64,
              .stage2 = {.accel = "bare-metal"},
              .probes = {Ok("unaligned_load_8")},
              .timing = Timing(10, 10)},
             EffectiveType::kNormalWb,
             EffectiveType::kNormalWb,
             VerdictKind::kAsExpected},
        // Uncached by the clock, no Device reference and no alignment evidence: NC or Device.
        Case{"x86_timing_uncached_no_device_reference",
             {.requested = MemoryAttribute::kNormalWb,
              .arch = Arch::kX86_64,
              .stage2 = {.accel = "bare-metal"},
              .probes = {},
              .timing = Timing(500, 10)},
             EffectiveType::kUncached,
             EffectiveType::kNormalWb,
             VerdictKind::kDegraded},
        Case{"x86_uncached_device_requested",
             {.requested = MemoryAttribute::kDeviceNGnRE,
              .arch = Arch::kX86_64,
              .stage2 = {.accel = "bare-metal"},
              .probes = {},
              .timing = Timing(500, 10)},
             EffectiveType::kUncached,
             EffectiveType::kDevice,
             VerdictKind::kAsExpected},
        Case{"x86_timing_nearer_ram_than_device_is_nc",
             {.requested = MemoryAttribute::kNormalNc,
              .arch = Arch::kX86_64,
              .stage2 = {.accel = "bare-metal"},
              .probes = {},
              .timing = Timing(50, 10, 1000)},
             EffectiveType::kNormalNc,
             EffectiveType::kNormalNc,
             VerdictKind::kAsExpected},
        Case{"x86_timing_closer_to_device",
             {.requested = MemoryAttribute::kNormalWb,
              .arch = Arch::kX86_64,
              .stage2 = {.accel = "bare-metal"},
              .probes = {},
              .timing = Timing(500, 10, 600)},
             EffectiveType::kDevice,
             EffectiveType::kNormalWb,
             VerdictKind::kDegraded}),
    [](const ::testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });

TEST(EffectiveTypeInferenceTest, tcg_lists_what_it_cannot_show_and_ignores_timing) {
  const Verdict v = InferEffectiveType({.requested = MemoryAttribute::kNormalNc,
                                        .stage2 = Tcg(),
                                        .probes = {Ok("unaligned_load_8")},
                                        .timing = Timing(1000, 10, 1000)});
  EXPECT_EQ(v.inferred, EffectiveType::kNormal);  // timing would have said Device: ignored
  EXPECT_THAT(v.unobservable, Contains(HasSubstr("TCG emulates memory types without their cost")));
  EXPECT_THAT(v.unobservable, Contains(HasSubstr("dc zva")));
  EXPECT_THAT(v.unobservable, Contains(HasSubstr("atomics")));
  EXPECT_THAT(v.reason, HasSubstr("rests only on what this platform can show"));
  EXPECT_THAT(v.evidence, Contains(HasSubstr("unaligned_load_8: ok => Normal")));
}

// Issue 20: TCG cannot separate Normal-WB from Normal-NC, so the inferred type says "normal"
// and the verdict (unchanged) says why a Normal-NC request is still as expected.
TEST(EffectiveTypeInferenceTest, tcg_normal_nc_request_is_as_expected_at_observed_precision) {
  const Verdict v = InferEffectiveType({.requested = MemoryAttribute::kNormalNc,
                                        .stage2 = Tcg(),
                                        .probes = {Ok("unaligned_load_8")}});
  EXPECT_EQ(ToString(v.inferred), "normal");
  EXPECT_EQ(v.verdict, VerdictKind::kAsExpected);
  EXPECT_THAT(v.reason, HasSubstr("behaves as normal (subtype unobserved: Normal-WB or Normal-NC); "
                                  "the stage-1 x stage-2 model predicts normal-nc"));
  EXPECT_THAT(v.evidence, Contains(HasSubstr("inferred 'normal': subtype unobserved")));
}

// The nested VFIO case: vfio-pci BARs are Normal-NC at KVM's stage 2; an unaligned load only shows
// Normal, so the WB request is judged by the model's Normal-NC: degraded, as before issue 20.
TEST(EffectiveTypeInferenceTest, partial_normal_under_a_modelled_normal_nc_is_degraded_for_wb) {
  const Verdict v = InferEffectiveType({.requested = MemoryAttribute::kNormalWb,
                                        .stage2 = {.accel = "kvm",
                                                   .host_kernel = "7.3.4",
                                                   .kind = ManifestRegionKind::kBar,
                                                   .backing = "host-vfio"},
                                        .probes = {Ok("unaligned_load_8")}});
  ASSERT_EQ(v.expected.type, EffectiveType::kNormalNc);
  EXPECT_EQ(ToString(v.inferred), "normal");
  EXPECT_EQ(v.verdict, VerdictKind::kDegraded);
  EXPECT_THAT(v.reason, HasSubstr("normal-wb requested, behaves as normal"));
}

TEST(EffectiveTypeInferenceTest, partial_types_are_consistent_only_with_what_they_cover) {
  EXPECT_TRUE(Consistent(EffectiveType::kNormal, EffectiveType::kNormalWb));
  EXPECT_TRUE(Consistent(EffectiveType::kNormal, EffectiveType::kNormalNc));
  EXPECT_FALSE(Consistent(EffectiveType::kNormal, EffectiveType::kDevice));
  EXPECT_TRUE(Consistent(EffectiveType::kUncached, EffectiveType::kDevice));
  EXPECT_FALSE(Consistent(EffectiveType::kUncached, EffectiveType::kNormalWb));
  EXPECT_FALSE(Consistent(EffectiveType::kNormalWb, EffectiveType::kNormalNc));
  EXPECT_EQ(UnobservedPart(EffectiveType::kNormalNc), "");
}

TEST(EffectiveTypeInferenceTest, degraded_names_both_types) {
  const Verdict v = InferEffectiveType({.requested = MemoryAttribute::kNormalWb,
                                        .stage2 = Kvm73Fwb("host-devdax"),
                                        .probes = {Fault("unaligned_load_8")}});
  EXPECT_EQ(v.verdict, VerdictKind::kDegraded);
  EXPECT_THAT(v.reason,
              HasSubstr("normal-wb requested, behaves as device; the model expected normal-wb"));
}

TEST(EffectiveTypeInferenceTest, pre_6_17_bug_is_degraded_and_predicted) {
  const Verdict v = InferEffectiveType({.requested = MemoryAttribute::kNormalWb,
                                        .stage2 = Kvm612("host-devdax"),
                                        .probes = {Fault("unaligned_load_8")}});
  EXPECT_EQ(v.verdict, VerdictKind::kDegraded);
  EXPECT_THAT(v.reason, HasSubstr("the stage-1 x stage-2 model predicts it"));
}

TEST(EffectiveTypeInferenceTest, host_observed_stage2_fault_names_the_host_and_the_model) {
  const Verdict v = InferEffectiveType({.region = "bar0",
                                        .requested = MemoryAttribute::kNormalWb,
                                        .stage2 = KvmDevdaxBar("6.12.0-28-cloud-arm64", false),
                                        .probes = {HostStage2Fault("unaligned_load_8")}});
  EXPECT_EQ(v.verdict, VerdictKind::kDegraded);
  EXPECT_THAT(
      v.reason,
      HasSubstr("normal-wb requested, behaves as device; the stage-1 x stage-2 model predicts it "
                "(stage 2: KVM without cap 243 maps non-linear-map memory as Device-nGnRE)"));
  EXPECT_THAT(
      v.reason,
      HasSubstr("observed by the host: unaligned_load_8 (stage2-fault) took the guest down"));
  EXPECT_THAT(v.evidence, Contains("unaligned_load_8: fault(stage-2 fault observed by the host: "
                                   "kvm run failed Bad address) => Device"));
  EXPECT_THAT(v.evidence,
              Contains("host: kvm [812]: Unsupported FSC: EC=0x24 xFSC=0x21 ESR_EL2=0x93c28021"));
  EXPECT_THAT(v.expected.reasoning, Contains(HasSubstr("without cap 243")));
}

TEST(StageModelTest, emulated_bar_on_host_devdax_is_outside_the_linear_map) {
  EXPECT_EQ(
      ModelExpectedType(MemoryAttribute::kNormalWb, KvmDevdaxBar("6.12.0", std::nullopt)).type,
      EffectiveType::kDevice);
  EXPECT_EQ(ModelExpectedType(MemoryAttribute::kNormalWb, KvmDevdaxBar("7.3.4", std::nullopt)).type,
            EffectiveType::kNormalWb);
  StageTwoFacts ivshmem = KvmDevdaxBar("6.12.0", false);
  ivshmem.backing = "ivshmem";  // host RAM behind the BAR: Normal at stage 2 on any kernel
  EXPECT_EQ(ModelExpectedType(MemoryAttribute::kNormalWb, ivshmem).type, EffectiveType::kNormalWb);
}

// Issue 20: the guest's own VFIO mapping is vfio-pci's choice, Device-nGnRnE, on any stage 2.
TEST(StageModelTest, guest_vfio_region_is_device_whatever_was_requested) {
  const StageTwoFacts tcg_vfio{
      .accel = "tcg", .kind = ManifestRegionKind::kVfio, .backing = "ivshmem"};
  const ExpectedType e = ModelExpectedType(MemoryAttribute::kNormalWb, tcg_vfio);
  EXPECT_EQ(e.type, EffectiveType::kDevice);
  EXPECT_THAT(e.reasoning, Contains(HasSubstr("vfio-pci maps a BAR with pgprot_noncached")));
  // A BAR passed through from a 6.8+ host: Normal-NC at stage 2, Device-nGnRnE at stage 1.
  const StageTwoFacts passed{.accel = "kvm",
                             .host_kernel = "6.12.0",
                             .fwb = false,
                             .kind = ManifestRegionKind::kVfio,
                             .backing = "host-vfio"};
  EXPECT_EQ(ModelExpectedType(MemoryAttribute::kDeviceNGnRnE, passed).type, EffectiveType::kDevice);
  const Verdict v = InferEffectiveType({.region = "bar0-vfio",
                                        .requested = MemoryAttribute::kDeviceNGnRnE,
                                        .stage2 = tcg_vfio,
                                        .probes = {Fault("unaligned_load_8")}});
  EXPECT_EQ(v.inferred, EffectiveType::kDevice);
  EXPECT_EQ(v.verdict, VerdictKind::kAsExpected);
  const Verdict normal = InferEffectiveType({.region = "bar0-vfio",
                                             .requested = MemoryAttribute::kDeviceNGnRnE,
                                             .stage2 = tcg_vfio,
                                             .probes = {Ok("unaligned_load_8")}});
  EXPECT_EQ(normal.inferred, EffectiveType::kNormal);
  EXPECT_EQ(normal.verdict, VerdictKind::kInconclusive);  // less restrictive than vfio-pci maps
}

TEST(StageModelTest, combining_rules) {
  EXPECT_EQ(ModelExpectedType(MemoryAttribute::kNormalNc,
                              {.accel = "kvm", .fwb = false, .backing = "file"})
                .type,
            EffectiveType::kNormalNc);
  EXPECT_EQ(ModelExpectedType(MemoryAttribute::kNormalNc,
                              {.accel = "kvm", .fwb = true, .backing = "file"})
                .type,
            EffectiveType::kNormalWb);
  // FWB's "force Write-Back" overrides a Device stage 1 too (Arm ARM; QEMU models it so).
  EXPECT_EQ(ModelExpectedType(MemoryAttribute::kDeviceNGnRnE,
                              {.accel = "kvm", .fwb = true, .backing = "file"})
                .type,
            EffectiveType::kNormalWb);
  EXPECT_EQ(ModelExpectedType(MemoryAttribute::kDeviceNGnRnE,
                              {.accel = "kvm", .fwb = false, .backing = "file"})
                .type,
            EffectiveType::kDevice);
  // Cap 243 = 1 implies FWB when the manifest does not say: the 7.x nested host's devdax BAR.
  EXPECT_EQ(ModelExpectedType(MemoryAttribute::kDeviceNGnRE, KvmDevdaxBar("7.3.4", true)).type,
            EffectiveType::kNormalWb);
  EXPECT_EQ(ModelExpectedType(MemoryAttribute::kDeviceNGnRE, KvmDevdaxBar("6.12.0", false)).type,
            EffectiveType::kDevice);
  EXPECT_EQ(ModelExpectedType(MemoryAttribute::kNormalWb,
                              {.accel = "kvm", .cacheable_pfnmap_cap = true, .backing = "pfnmap"})
                .type,
            EffectiveType::kNormalWb);
  EXPECT_EQ(ModelExpectedType(MemoryAttribute::kNormalWb,
                              {.accel = "kvm", .cacheable_pfnmap_cap = false, .backing = "pfnmap"})
                .type,
            EffectiveType::kDevice);
  EXPECT_EQ(ModelExpectedType(MemoryAttribute::kNormalWb,
                              {.accel = "kvm", .kind = ManifestRegionKind::kVfio})
                .type,
            EffectiveType::kDevice);
  // A vfio-pci BAR is VM_ALLOW_ANY_UNCACHED: Normal-NC at stage 2 from KVM 6.8 on.
  const StageTwoFacts vfio612{.accel = "kvm",
                              .host_kernel = "6.12.0",
                              .kind = ManifestRegionKind::kBar,
                              .backing = "host-vfio"};
  EXPECT_EQ(ModelExpectedType(MemoryAttribute::kNormalWb, vfio612).type, EffectiveType::kNormalNc);
  EXPECT_EQ(ModelExpectedType(MemoryAttribute::kDeviceNGnRE, vfio612).type, EffectiveType::kDevice);
  StageTwoFacts vfio61 = vfio612;
  vfio61.host_kernel = "6.1.0";
  EXPECT_EQ(ModelExpectedType(MemoryAttribute::kNormalWb, vfio61).type, EffectiveType::kDevice);
  EXPECT_EQ(
      ModelExpectedType(MemoryAttribute::kNormalWb, {.accel = "tcg", .backing = "host-devdax"})
          .type,
      EffectiveType::kNormalWb);
  const ExpectedType e = ModelExpectedType(MemoryAttribute::kNormalWb, Kvm612("host-devdax"));
  EXPECT_THAT(e.reasoning, Contains(HasSubstr("without cap 243")));
}

}  // namespace
}  // namespace memattr::agent
