// Issue 16's fault injection against memattr-host run, with the fake QEMU (tests/fake_qemu.py):
// a malformed guest event, QEMU SIGKILLed and SIGSTOPped mid-run, memattr-host SIGKILLed, two
// runs into one directory, a results directory on a full filesystem. In each, every event
// received before the fault stays in events.jsonl byte for byte.
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "results/results_dir.h"
#include "supervisor_fixture.h"

namespace memattr::host {
namespace {

// The probe outcomes and timings of manifest-N.json's earlier_evidence, as "region/attr/what".
std::vector<std::string> EarlierEvidence(const nlohmann::json& manifest) {
  std::vector<std::string> out;
  for (const nlohmann::json& e : manifest.value("earlier_evidence", nlohmann::json::array()))
    out.push_back(
        e["region"].get<std::string>() + "/" + e["attribute"].get<std::string>() + "/" +
        (e.contains("probe")
             ? e["probe"].get<std::string>() + "=" + e["outcome"]["kind"].get<std::string>()
             : e["kernel"].get<std::string>() + "=" + e["ns_per_iteration"].dump()));
  return out;
}

TEST_F(SupervisorTest, a_malformed_guest_event_is_a_failure_naming_its_line_and_the_run_goes_on) {
  EXPECT_EQ(Run("badevent:ram/device-ngnre/unaligned_load_8"), 1) << err_.str();
  const auto r = Results();
  EXPECT_EQ(r["context"]["memattr.status"], "ok") << "the run went on to run_end";
  ASSERT_EQ(r["memattr"]["failures"].size(), 1u) << r["memattr"]["failures"].dump();
  const std::string reason = r["memattr"]["failures"][0]["reason"];
  EXPECT_THAT(reason, HasSubstr("of boot 1 (events.jsonl line "));
  EXPECT_THAT(reason, HasSubstr("seq: expected integer, got string"));
  EXPECT_EQ(r["memattr"]["verdicts"].size(), 4u);
  EXPECT_EQ(GuestLines(), Lines(ReadText(root_ / "sent.jsonl"))) << "stored byte for byte";
}

// QEMU killed mid-run (as by the OOM killer): the next boot gets boot 1's probe outcomes and
// timings as earlier_evidence, so its verdicts rest on both boots.
TEST_F(SupervisorTest, qemu_sigkilled_mid_run_gives_the_next_boot_the_evidence_of_the_first) {
  EXPECT_EQ(Run("kill:bar0/normal-wb/unaligned_load_8"), 1) << err_.str();
  const auto r = Results();
  EXPECT_EQ(r["context"]["memattr.boots"], 2);
  EXPECT_THAT(r["memattr"]["failures"][0]["reason"].get<std::string>(),
              HasSubstr("killed by signal 9"));
  const auto manifest2 = nlohmann::json::parse(ReadText(root_ / "results/manifest-2.json"));
  EXPECT_THAT(EarlierEvidence(manifest2),
              ::testing::ElementsAre("ram/normal-wb/unaligned_load_8=ok",
                                     "ram/normal-wb/stream_copy=1000.0",
                                     "ram/device-ngnre/unaligned_load_8=fault",
                                     "ram/device-ngnre/stream_copy=1000.0"));
  EXPECT_EQ(GuestLines(), Lines(ReadText(root_ / "sent.jsonl"))) << "a received event was lost";
}

// QEMU stopped (SIGSTOP) past step_timeout: killed, recorded as a hang, resumed with evidence.
TEST_F(SupervisorTest, qemu_sigstopped_past_the_step_timeout_is_restarted_with_the_evidence) {
  EXPECT_EQ(Run("stop:bar0/device-ngnre/unaligned_load_8"), 1) << err_.str();
  const auto r = Results();
  EXPECT_EQ(r["context"]["memattr.boots"], 2);
  EXPECT_THAT(r["memattr"]["failures"][0]["reason"].get<std::string>(),
              HasSubstr("step-timeout: no event for 3 s"));
  const auto manifest2 = nlohmann::json::parse(ReadText(root_ / "results/manifest-2.json"));
  EXPECT_EQ(EarlierEvidence(manifest2).size(), 6u) << manifest2.dump();
  EXPECT_EQ(manifest2["host_outcomes"][0]["outcome"], "timeout");
  EXPECT_EQ(GuestLines(), Lines(ReadText(root_ / "sent.jsonl")));
}

TEST_F(SupervisorTest, a_second_run_into_a_directory_another_run_holds_is_refused) {
  Result<ResultsDir> first = ResultsDir::Create(root_ / "results");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(Run("complete"), kExitBadInput);
  EXPECT_THAT(err_.str(),
              HasSubstr("another memattr-host run is writing to this results directory"));
  EXPECT_TRUE(ReadText(root_ / "results/events.jsonl").empty()) << "the second run wrote nothing";
}

TEST_F(SupervisorTest, a_directory_holding_an_earlier_run_is_refused_without_resume) {
  ASSERT_EQ(Run("complete"), 0) << err_.str();
  const std::string events = ReadText(root_ / "results/events.jsonl");
  EXPECT_EQ(Run("complete"), kExitBadInput);
  EXPECT_THAT(err_.str(), HasSubstr("results: not empty (an earlier run, status ok)"));
  EXPECT_THAT(err_.str(), HasSubstr("give --resume to continue that run"));
  EXPECT_EQ(ReadText(root_ / "results/events.jsonl"), events) << "the earlier run is untouched";
}

// memattr-host itself SIGKILLed: results.json says incomplete; a plain run is refused; --resume
// continues after the earlier boot, keeps its events byte for byte and reruns only the cell
// that was running when memattr-host died.
TEST_F(SupervisorTest, memattr_host_sigkilled_leaves_an_incomplete_run_that_resume_continues) {
  const fs::path events = root_ / "results/events.jsonl";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(Run("hang:bar0/device-ngnre/unaligned_load_8"));
  const std::string marker =
      R"("region": "bar0", "attribute": "device-ngnre", "probe": "unaligned_load_8")";
  for (int i = 0; i < 300 && ReadText(events).find(marker) == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_NE(ReadText(events).find(marker), std::string::npos) << ReadText(events);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_EQ(Results()["context"]["memattr.status"], "incomplete");
  const std::string before = ReadText(events);

  EXPECT_EQ(Run("complete"), kExitBadInput);
  EXPECT_THAT(err_.str(), HasSubstr("(an earlier run, status incomplete)"));
  EXPECT_EQ(Run("complete", "", /*resume=*/true), 1) << err_.str();
  const std::string after = ReadText(events);
  EXPECT_EQ(after.substr(0, before.size()), before) << "earlier events kept byte for byte";
  const auto r = Results();
  EXPECT_EQ(r["context"]["memattr.status"], "ok");
  EXPECT_EQ(r["context"]["memattr.boots"], 2);
  EXPECT_THAT(r["memattr"]["failures"].dump(), HasSubstr("ended without writing its end"));
  const auto manifest2 = nlohmann::json::parse(ReadText(root_ / "results/manifest-2.json"));
  EXPECT_THAT(
      manifest2["skip_cells"].dump(),
      Not(HasSubstr(R"("attribute":"device-ngnre","probe":"unaligned_load_8","region":"bar0")")))
      << "the cell memattr-host died in runs again";
  EXPECT_EQ(EarlierEvidence(manifest2).size(), 6u) << manifest2.dump();
  EXPECT_EQ(r["memattr"]["verdicts"].size(), 4u);
  EXPECT_EQ(r["benchmarks"].size(), 4u) << "each kernel cell measured once across both runs";
}

// A results directory on a full filesystem: a clear "no space" error naming the file, exit 74,
// no SIGBUS from a sparse backing file, no half-written results.json.
class FullFilesystemTest : public SupervisorTest {
 protected:
  void SetUp() override {
    SupervisorTest::SetUp();
    fs::create_directories(root_ / "results");
    if (::mount("tmpfs", (root_ / "results").c_str(), "tmpfs", 0, "size=1m") != 0)
      GTEST_SKIP() << "cannot mount a tmpfs (needs root): " << std::strerror(errno);
    mounted_ = true;
  }
  void TearDown() override {
    if (mounted_) ::umount2((root_ / "results").c_str(), MNT_DETACH);
    SupervisorTest::TearDown();
  }
  bool mounted_ = false;
};

TEST_F(FullFilesystemTest, a_backing_file_that_does_not_fit_is_a_clear_error_before_any_boot) {
  EXPECT_EQ(Run("complete"), kExitWriteFailed) << err_.str();
  EXPECT_THAT(err_.str(), HasSubstr("results not written: "));
  EXPECT_THAT(err_.str(), HasSubstr("bar0"));
  EXPECT_THAT(err_.str(), HasSubstr("No space left on device (errno 28)"));
  EXPECT_FALSE(fs::exists(root_ / "results/console-1.log")) << "no guest was started";
}

TEST_F(FullFilesystemTest, results_that_do_not_fit_stop_the_run_at_the_first_failed_write) {
  // RAM only (no backing file); two 4 KiB pages left: results.json and manifest-1.json fit,
  // the next file does not, before QEMU starts.
  std::ofstream(root_ / "results/filler") << std::string((1 << 20) - 8 * 1024, 'x');
  std::ofstream(root_ / "ram.yaml")
      << "name: fake\naccel: tcg\nregions:\n  - {kind: ram, name: ram}\n";
  const int code = RunScenarioAsMain({.scenario_file = root_ / "ram.yaml",
                                      .results_dir = root_ / "results/run",
                                      .image_dir = root_ / "image",
                                      .qemu = kFakeQemu});
  EXPECT_EQ(code, kExitWriteFailed) << err_.str();
  EXPECT_THAT(err_.str(), HasSubstr("results not written: " + (root_ / "results/run/").string()));
  EXPECT_THAT(err_.str(), HasSubstr("No space left on device (errno 28)"));
  const auto results = nlohmann::json::parse(ReadText(root_ / "results/run/results.json"));
  EXPECT_EQ(results["context"]["memattr.status"], "incomplete") << "whole: the last good write";
  for (const auto& entry : fs::directory_iterator(root_ / "results/run"))
    EXPECT_NE(entry.path().extension(), ".tmp") << "a temporary file was left: " << entry.path();
}

}  // namespace
}  // namespace memattr::host
