#include "memattr/protocol/host_lines.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace memattr::protocol {
namespace {

using nlohmann::json;

std::vector<HostLine> EveryKind() {
  return {GuestStart{.boot = 2, .skip_cells = 14, .earlier_evidence = 9},
          HostFactsEvent{.boot = 1, .backing_vmflags = {{"/r/bar0.img", "rd wr sh mr mw me ms"}}},
          GuestCrash{.boot = 1,
                     .end = "vm-stopped",
                     .step = "probe dc_zva on bar0/normal-nc",
                     .reason = "internal-error",
                     .host_kernel_log = {"kvm [812]: Unsupported FSC"}},
          GuestRestart{.boot = 2, .skip_cells = 3}, NestedRunEnd{.exit_code = 124}};
}

TEST(HostLinesTest, every_kind_round_trips_through_json) {
  std::set<std::size_t> seen;
  for (const HostLine& line : EveryKind()) {
    const json written = ToJson(line);
    SCOPED_TRACE(written.dump());
    Result<HostLine> parsed = ParseHostLine(written);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, line);
    EXPECT_EQ(written["event"], KindOf(line));
    EXPECT_TRUE(IsHostLineKind(KindOf(line)));
    seen.insert(line.index());
  }
  EXPECT_EQ(seen.size(), std::variant_size_v<HostLine>);
}

TEST(HostLinesTest, a_field_of_the_wrong_type_or_an_unknown_kind_is_named) {
  EXPECT_EQ(ParseHostLine(json{{"event", "guest_start"}, {"boot", "1"}}).error().message,
            "boot: expected integer, got string");
  EXPECT_EQ(ParseHostLine(json{{"event", "guest_crash"}, {"host_kernel_log", {1}}}).error().message,
            "host_kernel_log: expected array of strings, got array");
  EXPECT_EQ(ParseHostLine(json{{"event", "probe_begin"}}).error().message,
            "event: unknown host line kind 'probe_begin'");
  EXPECT_FALSE(IsHostLineKind("probe_begin"));
  EXPECT_EQ(ParseHostLine(json{{"boot", 1}}).error().message, "event: missing or not a string");
}

// The host-line fields memattr-host stamps (source, time) are not the line's own: ignored.
TEST(HostLinesTest, stamped_fields_are_ignored) {
  json stamped = ToJson(GuestRestart{.boot = 3, .skip_cells = 1});
  stamped["source"] = "host";
  stamped["time"] = 1764900000.5;
  Result<HostLine> parsed = ParseHostLine(stamped);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(std::get<GuestRestart>(*parsed), (GuestRestart{.boot = 3, .skip_cells = 1}));
}

}  // namespace
}  // namespace memattr::protocol
