#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "memattr/event_sink.h"
#include "memattr/kernel_catalog.h"
#include "memattr/memory_attribute.h"
#include "memattr/outcome.h"
#include "memattr/result.h"

namespace memattr {
namespace {

using ::testing::HasSubstr;

TEST(MemoryAttributeTest, round_trips_every_wire_name) {
  for (MemoryAttribute a : AllMemoryAttributes()) EXPECT_EQ(ParseMemoryAttribute(ToString(a)), a);
  EXPECT_EQ(ParseMemoryAttribute("Device_nGnRE"), MemoryAttribute::kDeviceNGnRE);
  EXPECT_FALSE(ParseMemoryAttribute("normal-wt").has_value());
}

TEST(OutcomeTest, fault_names_signal_code_and_address) {
  Outcome o = Outcome::Fault(SIGBUS, BUS_ADRALN, 0x1001);
  EXPECT_EQ(o.ToString(), "fault(SIGBUS, BUS_ADRALN, 0x1001)");
  EXPECT_FALSE(o.ok());
  EXPECT_THAT(Outcome::WrongData(200, 198, "lost updates").ToString(),
              HasSubstr("expected 200, got 198"));
}

TEST(OutcomeTest, fault_without_signal_says_what_instead_of_a_signal) {
  Outcome o = Outcome::FaultWithoutSignal("stage-2 fault taken by the host");
  EXPECT_EQ(o.kind, OutcomeKind::kFault);
  EXPECT_EQ(o.signal, 0);
  EXPECT_EQ(o.ToString(), "fault(stage-2 fault taken by the host)");
}

TEST(ResultTest, errno_error_names_path_and_errno) {
  Result<int> r = ErrnoError("/dev/dax9.9", "open", ENOENT);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("/dev/dax9.9: open: "));
  EXPECT_THAT(r.error().message, HasSubstr("errno 2"));
}

TEST(EventSinkTest, stamps_increasing_seq_and_writes_one_line_per_event) {
  char path[] = "/tmp/memattr_events_XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  JsonLinesSink sink(fd);
  ASSERT_TRUE(sink.Emit({{"event", "run_start"}}));
  ASSERT_TRUE(sink.Emit({{"event", "run_end"}}));
  close(fd);
  FILE* f = std::fopen(path, "r");
  char line[512];
  int seq = 0;
  while (std::fgets(line, sizeof line, f)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["seq"], seq++);
    EXPECT_EQ(j["schema"], kEventSchema);
  }
  std::fclose(f);
  unlink(path);
  EXPECT_EQ(seq, 2);
}

TEST(ArchTest, this_binary_reports_the_arch_it_was_built_for) {
#if defined(__aarch64__)
  EXPECT_EQ(ThisArch(), Arch::kAarch64);
#else
  EXPECT_EQ(ThisArch(), Arch::kX86_64);
#endif
}

}  // namespace
}  // namespace memattr
