// The fixture of the tests that run memattr-host against a FAKE qemu (tests/fake_qemu.py): a
// fake image, a scenario with a RAM and an emulated-BAR region, and readers of what the run wrote.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "run/scenario_runner.h"
#include "vm/guest_supervisor.h"

namespace memattr::host {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

inline const fs::path kFakeQemu = fs::path(MEMATTR_HOST_SOURCE_DIR) / "tests/fake_qemu.py";

inline std::string ReadText(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

class SupervisorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("memattr-sup-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "image");
    for (const char* f : {"vmlinuz", "initrd.img", "QEMU_EFI.fd"})
      std::ofstream(root_ / "image" / f) << "x";
    std::ofstream(root_ / "image/image.env")
        << "KERNEL_RELEASE=6.12.0-fake\nKERNEL=" << (root_ / "image/vmlinuz").string()
        << "\nINITRD=" << (root_ / "image/initrd.img").string()
        << "\nFIRMWARE=" << (root_ / "image/QEMU_EFI.fd").string() << "\n";
    ::setenv("FAKE_QEMU_SENT", (root_ / "sent.jsonl").c_str(), 1);
    ::unsetenv("FAKE_QEMU_CHILD_PIDFILE");
    ResetInterruptedForTesting();
  }
  void TearDown() override { fs::remove_all(root_); }

  int Run(const std::string& mode, const std::string& extra_yaml = "", bool resume = false) {
    ::setenv("FAKE_QEMU_MODE", mode.c_str(), 1);
    std::ofstream(root_ / "s.yaml")
        << "name: fake\naccel: tcg\nboot_timeout: 10s\nstep_timeout: 3s\n"
           "regions:\n  - {kind: ram, name: ram}\n"
           "  - {kind: emulated-bar, name: bar0, size: 16MiB}\n"
        << extra_yaml;
    return RunScenarioAsMain({.scenario_file = root_ / "s.yaml",
                              .results_dir = root_ / "results",
                              .image_dir = root_ / "image",
                              .qemu = kFakeQemu,
                              .resume = resume});
  }
  // RunScenario with progress into err_, its outcome written as main writes it; the exit code.
  int RunScenarioAsMain(RunOptions options) {
    options.progress = &err_;
    const RunOutcome outcome = RunScenario(options);
    for (const std::string& line : outcome.messages) err_ << "memattr-host: " << line << "\n";
    out_ << outcome.report;
    return ExitCode(outcome.status);
  }
  nlohmann::json Results() {
    return nlohmann::json::parse(ReadText(root_ / "results/results.json"));
  }
  // Guest lines of events.jsonl (host lines carry "source").
  std::vector<std::string> GuestLines() {
    std::vector<std::string> out;
    for (const std::string& l : Lines(ReadText(root_ / "results/events.jsonl")))
      if (l.find("\"source\":\"host\"") == std::string::npos) out.push_back(l);
    return out;
  }
  std::vector<nlohmann::json> HostEvents(const std::string& kind) {
    std::vector<nlohmann::json> out;
    for (const std::string& l : Lines(ReadText(root_ / "results/events.jsonl"))) {
      auto j = nlohmann::json::parse(l);
      if (j.value("source", "") == "host" && j.value("event", "") == kind) out.push_back(j);
    }
    return out;
  }

  fs::path root_;
  std::ostringstream out_, err_;
};

}  // namespace memattr::host
