// RunIsolated turns real faults, hangs and silent deaths into Outcomes; the test survives.
#include "memattr/fault_isolation.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

#include "memattr/mapped_region.h"
#include "region_test_util.h"

namespace memattr {
namespace {

using ::testing::HasSubstr;

void ExpectNoChildren() {
  errno = 0;
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1) << "a child was left behind";
  EXPECT_EQ(errno, ECHILD);
}

TEST(FaultIsolationTest, truncated_file_mapping_gives_a_real_sigbus_with_its_address) {
  testing::ScratchDir dir;
  const auto path = dir.MakeFile("truncated", 2 * 4096);
  auto region = MapRegion(
      {.kind = RegionKind::kFile, .name = "t", .path = path, .overwrite = Overwrite::kYes},
      MemoryAttribute::kNormalWb);
  ASSERT_TRUE(region) << region.error().message;
  ASSERT_EQ(::truncate(path.c_str(), 0), 0);
  volatile std::byte* target = region->bytes().data() + 4096 + 8;
  const Outcome outcome = RunIsolated([&] {
    *target = std::byte{1};
    return Outcome::Ok();
  });
  EXPECT_EQ(outcome.kind, OutcomeKind::kFault) << outcome.ToString();
  EXPECT_EQ(outcome.signal, SIGBUS);
  EXPECT_EQ(outcome.si_code, BUS_ADRERR);
  EXPECT_EQ(outcome.address, reinterpret_cast<std::uintptr_t>(target));
  EXPECT_THAT(outcome.ToString(), HasSubstr("fault(SIGBUS, BUS_ADRERR, 0x"));
  ExpectNoChildren();
}

TEST(FaultIsolationTest, write_to_a_read_only_page_gives_sigsegv) {
  void* page = ::mmap(nullptr, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(page, MAP_FAILED);
  volatile char* target = static_cast<char*>(page) + 64;
  const Outcome outcome = RunIsolated([&] {
    *target = 1;
    return Outcome::Ok();
  });
  ::munmap(page, 4096);
  EXPECT_EQ(outcome.kind, OutcomeKind::kFault) << outcome.ToString();
  EXPECT_EQ(outcome.signal, SIGSEGV);
  EXPECT_EQ(outcome.si_code, SEGV_ACCERR);
  EXPECT_EQ(outcome.address, reinterpret_cast<std::uintptr_t>(target));
}

TEST(FaultIsolationTest, infinite_loop_ends_as_timeout_within_the_limit) {
  const auto start = std::chrono::steady_clock::now();
  const Outcome outcome = RunIsolated(
      [] {
        for (;;) asm volatile("" ::: "memory");
        return Outcome::Ok();
      },
      {.timeout = std::chrono::milliseconds(300)});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(outcome.kind, OutcomeKind::kTimeout) << outcome.ToString();
  EXPECT_THAT(outcome.reason, HasSubstr("300 ms"));
  EXPECT_LT(elapsed, std::chrono::seconds(10));  // killed, not waited out
  EXPECT_GE(elapsed, std::chrono::milliseconds(300));
  ExpectNoChildren();
}

TEST(FaultIsolationTest, body_outcome_round_trips_through_the_pipe) {
  const Outcome outcome =
      RunIsolated([] { return Outcome::WrongData(200, 198, "counter after 2 x 100 increments"); });
  EXPECT_EQ(outcome.kind, OutcomeKind::kWrongData);
  EXPECT_EQ(outcome.expected, 200u);
  EXPECT_EQ(outcome.got, 198u);
  EXPECT_EQ(outcome.reason, "counter after 2 x 100 increments");
  EXPECT_TRUE(RunIsolated([] { return Outcome::Ok(); }).ok());
  EXPECT_EQ(RunIsolated([] { return Outcome::Skipped("n/a"); }).reason, "n/a");
}

TEST(FaultIsolationTest, child_that_exits_without_reporting_is_an_error_with_its_status) {
  const Outcome exited = RunIsolated([]() -> Outcome { ::_exit(3); });
  EXPECT_EQ(exited.kind, OutcomeKind::kError);
  EXPECT_THAT(exited.reason, HasSubstr("died without reporting: exited with status 3"));
  const Outcome killed = RunIsolated([]() -> Outcome {
    ::raise(SIGKILL);
    return Outcome::Ok();
  });
  EXPECT_EQ(killed.kind, OutcomeKind::kError);
  EXPECT_THAT(killed.reason, HasSubstr("killed by signal 9"));
  ExpectNoChildren();
}

TEST(FaultIsolationTest, concurrent_callers_each_get_their_own_outcome) {
  // Sibling forks inherit each other's pipe ends; every caller must still get its own record.
  constexpr int kThreads = 4;
  std::vector<Outcome> outcomes(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&outcomes, t] {
      outcomes[t] = RunIsolated([t] {
        if (t == 0) ::_exit(7);  // one dies silently while the others hold its pipe
        return Outcome::WrongData(100 + t, t, "thread " + std::to_string(t));
      });
    });
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(outcomes[0].reason, HasSubstr("exited with status 7"));
  for (int t = 1; t < kThreads; ++t) {
    EXPECT_EQ(outcomes[t].kind, OutcomeKind::kWrongData) << t;
    EXPECT_EQ(outcomes[t].expected, 100u + t);
    EXPECT_EQ(outcomes[t].reason, "thread " + std::to_string(t));
  }
  ExpectNoChildren();
}

TEST(FaultIsolationTest, writes_in_the_child_do_not_reach_private_parent_memory) {
  int value = 1;
  EXPECT_TRUE(RunIsolated([&] {
                value = 2;
                return Outcome::Ok();
              }).ok());
  EXPECT_EQ(value, 1);
}

}  // namespace
}  // namespace memattr
