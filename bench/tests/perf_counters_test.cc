// Software events are real here; this machine has no hardware PMU (and under qemu-user
// perf_event_open is ENOSYS): those counters must say "unavailable: … (reason)", never a number.
#include "measure/perf_counters.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>

namespace memattr {
namespace {

using ::testing::HasSubstr;

const CounterStatus& Status(const PerfCounterSet& set, const std::string& counter) {
  for (const CounterStatus& s : set.statuses()) {
    if (s.counter == counter) return s;
  }
  static CounterStatus none;
  ADD_FAILURE() << "no status for " << counter;
  return none;
}

double Value(const CounterValues& values, const std::string& name) {
  for (const auto& [n, v] : values) {
    if (n == name) return v;
  }
  return -1;
}

TEST(PerfCountersTest, every_counter_of_every_set_gets_a_status) {
  PerfCounterSet set = PerfCounterSet::ProbeAll();
  std::size_t expected = 0;
  for (const EventSet& s : AllEventSets()) expected += s.events.size();
  EXPECT_EQ(set.statuses().size(), expected);
  for (const CounterStatus& s : set.statuses()) {
    EXPECT_EQ(s.available, s.reason.empty()) << s.counter << ": " << s.reason;
  }
}

TEST(PerfCountersTest, unavailable_counters_are_named_once_with_their_reason) {
  PerfCounterSet set = PerfCounterSet::ProbeAll();
  const std::string described = set.Describe();
  EXPECT_EQ(described.rfind("available: ", 0), 0u) << described;
  for (const CounterStatus& s : set.statuses()) {
    if (s.available) continue;
    EXPECT_THAT(described, HasSubstr(s.reason)) << s.counter;
    const std::size_t at = described.find("unavailable: ");
    ASSERT_NE(at, std::string::npos);
    EXPECT_NE(described.find(s.counter, at), std::string::npos) << s.counter;
  }
}

TEST(PerfCountersTest, unknown_event_is_unavailable_not_zero) {
  EventSet bogus{"bogus", {{"bogus_counter", {"NO_SUCH_EVENT_MEMATTR"}, "never exists"}}};
  PerfCounterSet set = PerfCounterSet::Probe({&bogus});
  ASSERT_EQ(set.statuses().size(), 1u);
  EXPECT_FALSE(set.statuses()[0].available);
  EXPECT_THAT(set.Describe(), HasSubstr("unavailable: bogus_counter ("));
  EXPECT_TRUE(set.OpenOnThisThread().empty());
}

TEST(PerfCountersTest, page_faults_count_fresh_pages_touched_or_say_why_not) {
  PerfCounterSet set = PerfCounterSet::Probe({FindEventSet("software")});
  const CounterStatus& faults = Status(set, "page_faults");
  if (!faults.available) {
    // qemu-user: perf_event_open is ENOSYS; a build without libpfm4 says so.
    EXPECT_FALSE(faults.reason.empty());
    EXPECT_THAT(set.Describe(), HasSubstr("page_faults"));
    GTEST_SKIP() << "page faults unavailable here: " << faults.reason;
  }
  const long page = sysconf(_SC_PAGESIZE);
  constexpr int kPages = 256;
  void* p =
      mmap(nullptr, kPages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(p, MAP_FAILED);
  ThreadCounters counters = set.OpenOnThisThread();
  counters.Start();
  for (int i = 0; i < kPages; ++i) static_cast<volatile char*>(p)[i * page] = 1;
  const CounterValues values = counters.Stop();
  munmap(p, kPages * page);
  EXPECT_GE(Value(values, "page_faults"), kPages * 0.9);
  EXPECT_LT(Value(values, "page_faults"), kPages * 4.0);
  if (Status(set, "task_clock_ns").available) EXPECT_GT(Value(values, "task_clock_ns"), 0.0);
}

TEST(PerfCountersTest, hardware_cycles_count_or_say_unavailable) {
  PerfCounterSet set = PerfCounterSet::Probe({FindEventSet("core")});
  const CounterStatus& cycles = Status(set, "cycles");
  if (!cycles.available) {
    EXPECT_THAT(set.Describe(), HasSubstr("unavailable: cycles"));
    EXPECT_THAT(cycles.reason, ::testing::AnyOf(HasSubstr("errno"), HasSubstr("libpfm4")));
    // Nothing was measured: a skip with the reason, never a pass.
    GTEST_SKIP() << "cycles unavailable here: " << cycles.reason;
  }
  ThreadCounters counters = set.OpenOnThisThread();
  counters.Start();
  volatile std::uint64_t sum = 0;
  for (int i = 0; i < 1000000; ++i) sum = sum + i;
  EXPECT_GT(Value(counters.Stop(), "cycles"), 100000.0);
}

}  // namespace
}  // namespace memattr
