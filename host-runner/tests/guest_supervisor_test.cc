// Supervision with a FAKE qemu (tests/fake_qemu.py): crashes, panics, hangs, silence, a
// missing run_end; restart-and-resume; no lost events; no orphan processes.
#include "vm/guest_supervisor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "run/scenario_runner.h"
#include "supervisor_fixture.h"

namespace memattr::host {
namespace {

TEST_F(SupervisorTest, complete_run_stores_every_event_and_exits_0) {
  EXPECT_EQ(Run("complete"), 0) << err_.str();
  EXPECT_EQ(GuestLines(), Lines(ReadText(root_ / "sent.jsonl")));
  const auto r = Results();
  EXPECT_EQ(r["context"]["memattr.status"], "ok");
  EXPECT_EQ(r["context"]["memattr.boots"], 1);
  EXPECT_EQ(r["benchmarks"].size(), 4u);
  EXPECT_EQ(r["memattr"]["verdicts"].size(), 4u);
  EXPECT_TRUE(r["memattr"]["failures"].empty());
  EXPECT_THAT(out_.str(), HasSubstr("bar0         device-ngnre   device       as-expected"));
  EXPECT_TRUE(fs::exists(root_ / "results/console-1.log"));
  EXPECT_THAT(ReadText(root_ / "results/qemu-argv-1.txt"), HasSubstr("ivshmem-plain,id=bar0"));
}

TEST_F(SupervisorTest, crashed_guest_is_restarted_skipping_done_cells_and_the_crashed_one) {
  EXPECT_EQ(Run("die:bar0/device-ngnre/unaligned_load_8"), 1) << err_.str();
  const auto r = Results();
  ASSERT_EQ(r["memattr"]["failures"].size(), 1u);
  EXPECT_EQ(r["memattr"]["failures"][0]["boot"], 1);
  EXPECT_EQ(r["memattr"]["failures"][0]["step"], "probe unaligned_load_8 on bar0/device-ngnre");
  EXPECT_THAT(r["memattr"]["failures"][0]["reason"].get<std::string>(),
              HasSubstr("qemu-exited: QEMU ended before run_end (exit status 1; see qemu-1.log): "
                        "qemu-system-aarch64: fake: the guest died"));
  EXPECT_EQ(r["context"]["memattr.boots"], 2);
  EXPECT_EQ(r["context"]["memattr.status"], "ok");
  const auto manifest2 = nlohmann::json::parse(ReadText(root_ / "results/manifest-2.json"));
  EXPECT_EQ(manifest2["skip_cells"].size(), 7u);  // 6 done + the crashed probe
  EXPECT_THAT(
      manifest2["skip_cells"].dump(),
      HasSubstr(R"({"attribute":"device-ngnre","probe":"unaligned_load_8","region":"bar0"})"));
  EXPECT_EQ(GuestLines(), Lines(ReadText(root_ / "sent.jsonl"))) << "a received event was lost";
  EXPECT_EQ(HostEvents("guest_crash").size(), 1u);
  EXPECT_EQ(HostEvents("guest_restart").size(), 1u);
  EXPECT_EQ(r["benchmarks"].size(), 4u) << "every kernel cell measured once across the two boots";
}

TEST_F(SupervisorTest, kernel_panic_on_the_console_is_caught_and_attributed) {
  EXPECT_EQ(Run("panic:ram/device-ngnre/unaligned_load_8"), 1) << err_.str();
  const auto f = Results()["memattr"]["failures"];
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]["step"], "probe unaligned_load_8 on ram/device-ngnre");
  EXPECT_THAT(
      f[0]["reason"].get<std::string>(),
      HasSubstr("guest-crashed: [   12.345678] Kernel panic - not syncing: Asynchronous SError"));
  EXPECT_EQ(Results()["context"]["memattr.status"], "ok");
}

// A nested host's KVM stops its guest on a stage-2 fault: QEMU stays up with the VM paused and
// says so on stderr. Seen at once (not after the step timeout), attributed, restarted.
TEST_F(SupervisorTest, kvm_stopping_the_guest_is_caught_from_qemu_output_and_restarted) {
  EXPECT_EQ(Run("kvmstop:bar0/normal-wb/unaligned_load_8", "step_timeout: 60s\n"), 1) << err_.str();
  const auto r = Results();
  ASSERT_EQ(r["memattr"]["failures"].size(), 1u);
  EXPECT_EQ(r["memattr"]["failures"][0]["step"], "probe unaligned_load_8 on bar0/normal-wb");
  EXPECT_THAT(r["memattr"]["failures"][0]["reason"].get<std::string>(),
              HasSubstr("vm-stopped: QEMU: error: kvm run failed Bad address"));
  EXPECT_LT(r["context"]["memattr.boot1_seconds"].get<double>(), 30) << "not the 60 s step timeout";
  EXPECT_EQ(r["context"]["memattr.boots"], 2);
  EXPECT_EQ(r["context"]["memattr.status"], "ok");
  const auto crash = HostEvents("guest_crash");
  ASSERT_EQ(crash.size(), 1u);
  EXPECT_EQ(crash[0]["end"], "vm-stopped");
  EXPECT_TRUE(crash[0]["host_kernel_log"].is_array());
  // The restarted guest is told what the host saw, so its verdict can use it.
  const auto manifest2 = nlohmann::json::parse(ReadText(root_ / "results/manifest-2.json"));
  ASSERT_EQ(manifest2["host_outcomes"].size(), 1u);
  EXPECT_EQ(manifest2["host_outcomes"][0]["outcome"], "stage2-fault");
  EXPECT_EQ(manifest2["host_outcomes"][0]["probe"], "unaligned_load_8");
}

// KVM refuses a memslot (7.x: a cacheable PFNMAP on a CPU without FWB) and QEMU aborts: the
// failure names QEMU's line, not just the exit, and the guest is restarted past that cell.
TEST_F(SupervisorTest, kvm_refusing_guest_memory_is_attributed_with_qemus_line) {
  EXPECT_EQ(Run("kvmrefuse:bar0/normal-wb/unaligned_load_8"), 1) << err_.str();
  const auto r = Results();
  ASSERT_EQ(r["memattr"]["failures"].size(), 1u);
  EXPECT_EQ(r["memattr"]["failures"][0]["step"], "probe unaligned_load_8 on bar0/normal-wb");
  EXPECT_THAT(r["memattr"]["failures"][0]["reason"].get<std::string>(),
              HasSubstr("kvm-refused: QEMU: qemu-system-aarch64: kvm_set_phys_mem: error "
                        "registering slot: Invalid argument"));
  EXPECT_EQ(r["context"]["memattr.boots"], 2);
  const auto manifest2 = nlohmann::json::parse(ReadText(root_ / "results/manifest-2.json"));
  ASSERT_EQ(manifest2["host_outcomes"].size(), 1u);
  EXPECT_EQ(manifest2["host_outcomes"][0]["outcome"], "guest-crashed");
}

// At boot (7.x on a CPU without FWB: the BAR on a cacheable PFNMAP): the refusal names that
// region, which is withdrawn, and the guest restarts without it; the other regions are measured.
TEST_F(SupervisorTest, region_whose_memory_kvm_refuses_at_boot_is_withdrawn_and_the_rest_runs) {
  EXPECT_EQ(Run("kvmrefuse_pfnmap",
                "  - {kind: emulated-bar, name: pfnbar, size: 16MiB, path: /dev/zero}\n"),
            1)
      << err_.str();
  const auto r = Results();
  ASSERT_EQ(r["memattr"]["failures"].size(), 1u);
  EXPECT_EQ(r["memattr"]["failures"][0]["step"],
            "boot with guest memory on region pfnbar (BAR at 0000:00:09.0 on /dev/zero)");
  EXPECT_THAT(r["memattr"]["failures"][0]["reason"].get<std::string>(),
              HasSubstr("kvm-refused: QEMU: "));
  EXPECT_EQ(r["context"]["memattr.boots"], 2);
  EXPECT_EQ(r["context"]["memattr.status"], "ok");
  std::vector<std::string> skipped, verdict_regions;
  for (const auto& region : r["memattr"]["regions"])
    if (region.contains("skipped"))
      skipped.push_back(region["name"].get<std::string>() + ": " +
                        region["skipped"].get<std::string>());
  for (const auto& v : r["memattr"]["verdicts"]) verdict_regions.push_back(v["region"]);
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_THAT(skipped[0], HasSubstr("pfnbar: KVM refused its memory (QEMU: "));
  EXPECT_THAT(verdict_regions, ::testing::Contains("bar0"));
  EXPECT_THAT(verdict_regions, Not(::testing::Contains("pfnbar")));
  EXPECT_THAT(ReadText(root_ / "results/qemu-argv-2.txt"), Not(HasSubstr("/dev/zero")));
}

TEST_F(SupervisorTest, hung_step_times_out_with_124) {
  EXPECT_EQ(Run("hang:ram/normal-wb/unaligned_load_8", "max_restarts: 0\nstep_timeout: 1s\n"), 124);
  const auto r = Results();
  EXPECT_EQ(r["context"]["memattr.status"], "timeout");
  EXPECT_EQ(r["memattr"]["failures"][0]["step"], "probe unaligned_load_8 on ram/normal-wb");
  EXPECT_THAT(r["memattr"]["failures"][0]["reason"].get<std::string>(),
              HasSubstr("step-timeout: no event for 1 s"));
}

TEST_F(SupervisorTest, silent_guest_is_a_boot_timeout_and_not_restarted) {
  EXPECT_EQ(Run("silent", "boot_timeout: 1s\n"), 124);
  const auto r = Results();
  ASSERT_EQ(r["memattr"]["failures"].size(), 1u);
  EXPECT_EQ(r["memattr"]["failures"][0]["step"], "boot");
  EXPECT_THAT(r["memattr"]["failures"][0]["reason"].get<std::string>(),
              HasSubstr("boot timeout of 1 s; last console line: fake guest booting"));
  EXPECT_EQ(r["context"]["memattr.boots"], 1);
}

// A CPU-less NUMA node on a host device (outside the host's linear map) can stop the guest
// from booting at all under a KVM without cap 243: the boot failure names that region.
TEST_F(SupervisorTest, failed_boot_names_guest_memory_on_a_host_device) {
  EXPECT_EQ(Run("silent",
                "  - {kind: cxl, name: numadax, size: 64MiB, path: /dev/zero}\nboot_timeout: 1s\n"),
            124);
  const auto f = Results()["memattr"]["failures"];
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0]["step"], "boot with guest memory on region numadax (NUMA node 1 on /dev/zero)");
  EXPECT_THAT(f[0]["reason"].get<std::string>(), HasSubstr("boot-timeout"));
}

TEST_F(SupervisorTest, exit_without_run_end_is_a_failure) {
  EXPECT_EQ(Run("no_run_end"), 1);
  EXPECT_THAT(Results()["memattr"]["failures"][0]["reason"].get<std::string>(),
              HasSubstr("QEMU ended before run_end"));
}

bool ProcessGone(pid_t pid) {
  for (int i = 0; i < 100; ++i) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!stat || !std::getline(stat, text) || text.find(") Z") != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

TEST_F(SupervisorTest, no_orphan_left_after_a_timeout) {
  ::setenv("FAKE_QEMU_CHILD_PIDFILE", (root_ / "child.pid").c_str(), 1);
  EXPECT_EQ(Run("hang:ram/normal-wb/unaligned_load_8", "max_restarts: 0\nstep_timeout: 1s\n"), 124);
  const pid_t child = std::stoi(ReadText(root_ / "child.pid"));
  EXPECT_TRUE(ProcessGone(child)) << "grandchild " << child << " of the fake QEMU survived";
}

TEST_F(SupervisorTest, sigint_kills_the_guest_and_keeps_what_was_received) {
  ::setenv("FAKE_QEMU_CHILD_PIDFILE", (root_ / "child.pid").c_str(), 1);
  InstallInterruptHandlers();
  // Interrupt once the guest is mid-run: the host has stored the probe_begin of the cell the
  // fake hangs in (bounded: 60 s, then the interrupt comes anyway and the checks below fail).
  const fs::path stored = root_ / "results/events.jsonl";
  std::thread interrupter([stored] {
    for (int i = 0; i < 3000 && ReadText(stored).find("probe_begin") == std::string::npos; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ::kill(::getpid(), SIGINT);
  });
  const int code = Run("hang:bar0/normal-wb/unaligned_load_8", "step_timeout: 30s\n");
  interrupter.join();
  EXPECT_EQ(code, 1);
  EXPECT_THAT(Results()["memattr"]["failures"][0]["reason"].get<std::string>(),
              HasSubstr("interrupted"));
  EXPECT_EQ(GuestLines(), Lines(ReadText(root_ / "sent.jsonl")));
  EXPECT_TRUE(ProcessGone(std::stoi(ReadText(root_ / "child.pid"))));
  ResetInterruptedForTesting();
}

// Nested runs (issue 9) with a fake emulated host (L1) that relays like L1's memattr-host.
class NestedRunTest : public SupervisorTest {
 protected:
  void MakeHostImage(const std::string& series) {
    const fs::path dir = root_ / "images" / ("host-image-" + series);
    fs::create_directories(dir);
    for (const char* f : {"vmlinuz", "initrd.img", "QEMU_EFI.fd"}) std::ofstream(dir / f) << "x";
    std::ofstream(dir / "image.env") << "KERNEL_RELEASE=" << series
                                     << ".0-fake\nROLE=host\nKERNEL=" << (dir / "vmlinuz").string()
                                     << "\nINITRD=" << (dir / "initrd.img").string()
                                     << "\nFIRMWARE=" << (dir / "QEMU_EFI.fd").string() << "\n";
  }
  // A generous L1 boot timeout unless the test wants one to expire (a loaded CI machine can
  // take seconds to start the fake).
  int RunNested(const std::string& l1_mode = "", const std::string& l1_boot_timeout = "60s") {
    ::setenv("FAKE_L1_MODE", l1_mode.c_str(), 1);
    std::ofstream(root_ / "n.yaml")
        << "name: nested\nfirmware: none\nstep_timeout: 5s\nboot_timeout: 5s\n"
           "regions: [{kind: emulated-bar, name: daxbar, size: 64MiB, path: /dev/dax0.0}]\n"
           "nested: {host_kernels: [\"6.12\", \"7\"], host_images: images, dax: 64MiB, "
           "boot_timeout: "
        << l1_boot_timeout << "}\n";
    return RunScenarioAsMain(
        {.scenario_file = root_ / "n.yaml", .results_dir = root_ / "results", .qemu = kFakeQemu});
  }
  nlohmann::json SeriesResults(const std::string& series) {
    return nlohmann::json::parse(ReadText(root_ / "results" / ("host-" + series) / "results.json"));
  }
};

TEST_F(NestedRunTest, each_host_kernel_gets_l1s_relayed_results_and_the_ab_is_compared) {
  MakeHostImage("6.12");
  MakeHostImage("7");
  EXPECT_EQ(RunNested(), 1) << err_.str();  // 6.12 degraded
  const auto before = SeriesResults("6.12"), after = SeriesResults("7");
  EXPECT_EQ(before["context"]["memattr.nested_host_series"], "6.12");
  EXPECT_EQ(before["context"]["memattr.cacheable_pfnmap_cap"], "0");
  EXPECT_EQ(after["context"]["memattr.cacheable_pfnmap_cap"], "1");
  EXPECT_EQ(before["memattr"]["verdicts"][0]["verdict"], "degraded");
  EXPECT_EQ(after["memattr"]["verdicts"][0]["verdict"], "as-expected");
  // L1's own lines (its run end, host facts) carry no seq and are not relay problems.
  for (const nlohmann::json* series : {&before, &after})
    for (const nlohmann::json& f : (*series)["memattr"]["failures"])
      EXPECT_NE(f.value("step", ""), "L1 relay") << f.dump();
  // Relayed lines are stored as they came; the results snapshots are not events.
  const std::string events = ReadText(root_ / "results/host-6.12/events.jsonl");
  EXPECT_THAT(events, HasSubstr("\"event\":\"verdict\""));
  EXPECT_THAT(events, HasSubstr("\"event\":\"nested_run_end\""));
  EXPECT_THAT(events, ::testing::Not(HasSubstr("nested_results")));
  EXPECT_THAT(ReadText(root_ / "results/host-6.12/qemu-argv-0.txt"),
              HasSubstr("virtualization=on"));
  EXPECT_THAT(out_.str(), HasSubstr("== nested host 6.12: 6.12.0-fake, cap 243 = 0"));
  EXPECT_THAT(out_.str(), HasSubstr("== compare host 6.12 -> host 7"));
  EXPECT_THAT(out_.str(), HasSubstr("memattr.host_kernel"));
}

TEST_F(NestedRunTest, missing_host_image_is_bad_input_naming_the_build_command) {
  MakeHostImage("6.12");
  EXPECT_EQ(RunNested(), 2);
  EXPECT_THAT(err_.str(), HasSubstr("host-image-7/image.env"));
  EXPECT_THAT(err_.str(), HasSubstr("memattr-host image build --role host --kernel-series 7"));
}

TEST_F(NestedRunTest, an_l1_that_never_relays_is_a_boot_timeout_attributed_to_l1) {
  MakeHostImage("6.12");
  MakeHostImage("7");
  EXPECT_EQ(RunNested("silent", "3s"), 124);
  const auto r = SeriesResults("6.12");
  ASSERT_EQ(r["memattr"]["failures"].size(), 1u);
  EXPECT_EQ(r["memattr"]["failures"][0]["step"], "L1 boot");
  EXPECT_THAT(r["memattr"]["failures"][0]["reason"].get<std::string>(), HasSubstr("boot-timeout"));
}

}  // namespace
}  // namespace memattr::host
