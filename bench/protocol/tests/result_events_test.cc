#include "memattr/protocol/result_events.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "memattr/bounded_json.h"

namespace memattr::protocol {
namespace {

using nlohmann::json;

// One event of every kind, with every field set to something other than its default.
std::vector<ResultEvent> EveryKind() {
  const EventOutcome fault{.kind = OutcomeKind::kFault,
                           .reason = "SIGBUS",
                           .signal = 7,
                           .si_code = 1,
                           .address = 0xffff00001234ull,
                           .expected = 3,
                           .got = 4};
  return {
      RunStart{.facts = {{"arch", "aarch64"}, {"lse", true}},
               .labels = {{"suite", "smoke"}},
               .manifest = "/run/memattr/manifest.json"},
      RegionFound{.region = {.name = "dax0.0",
                             .kind = "dax",
                             .backing = "file",
                             .path = "/dev/dax0.0",
                             .size_bytes = 1ull << 36,
                             .numa_node = 1,
                             .attributes = {"normal-wb"},
                             .notes = {"align 2M"}}},
      RegionSkipped{.region = "bar0", .reason = "no such device"},
      CellSkipped{.region = "r", .attribute = "normal-nc", .kernel = "k", .reason = "budget"},
      CellSkipped{.kernel = "stream_copy", .reason = "working set too small"},
      ProbeBegin{.region = "r", .attribute = "device-ngnre", .probe = "p"},
      ProbeOutcome{.region = "r", .attribute = "normal-nc", .probe = "p", .outcome = fault},
      ProbeOutcome{.region = "r",
                   .attribute = "normal-nc",
                   .probe = "dc_zva",
                   .outcome = {.kind = OutcomeKind::kTimeout, .reason = "hang"},
                   .source = "host-observed",
                   .host_outcome = "timeout",
                   .evidence = {"line 1", "line 2"}},
      MeasurementBegin{.region = "r", .attribute = "normal-wb", .kernel = "k", .threads = 2},
      Measurement{.region = "r",
                  .attribute = "normal-wb",
                  .kernel = "k",
                  .threads = 4,
                  .run = {{"name", "k/r/normal-wb"}, {"real_time", 1.25}}},
      MeasurementEnd{.region = "r",
                     .attribute = "normal-wb",
                     .kernel = "k",
                     .threads = 1,
                     .ns_per_iteration = 3.5},
      VerdictEvent{.region = "r",
                   .attribute = "normal-nc",
                   .inferred = "uncached",
                   .expected = "normal-nc",
                   .verdict = "as-expected",
                   .reason = "why",
                   .evidence = {"e"},
                   .unobservable = {"u"},
                   .expected_reasoning = {"stage 1", "stage 2"}},
      LogEvent{.level = "warning", .message = "m"},
      RunEnd{.status = "failed", .reason = "1 run(s) failed", .counts = {{"runs", 3}}},
      UnknownEvent{.kind = "future_kind", .fields = {{"x", 1}}},
  };
}

TEST(ResultEventsTest, every_kind_round_trips_through_json) {
  for (const ResultEvent& event : EveryKind()) {
    const json written = ToJson(event);
    SCOPED_TRACE(written.dump());
    Result<ResultEvent> parsed = ParseResultEvent(written);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, event);
    EXPECT_EQ(KindOf(*parsed), written["event"]);
  }
}

TEST(ResultEventsTest, every_alternative_is_covered_by_the_round_trip) {
  std::set<std::size_t> seen;
  for (const ResultEvent& event : EveryKind()) seen.insert(event.index());
  EXPECT_EQ(seen.size(), std::variant_size_v<ResultEvent>);
}

TEST(ResultEventsTest, a_guest_line_round_trips_with_its_envelope) {
  const GuestEvent line{.seq = 41,
                        .time = 1764900000.5,
                        .schema = "memattr.events/1",
                        .event = ProbeBegin{.region = "r", .attribute = "normal-wb", .probe = "p"}};
  Result<GuestEvent> parsed = ParseGuestEvent(ToJson(line));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, line);
}

TEST(ResultEventsTest, empty_names_of_a_skip_are_not_written) {
  const json written = ToJson(CellSkipped{.kernel = "k", .reason = "r"});
  EXPECT_EQ(written, json({{"event", "cell_skipped"}, {"kernel", "k"}, {"reason", "r"}}));
}

TEST(ResultEventsTest, a_field_of_the_wrong_type_is_named) {
  json event = ToJson(ProbeOutcome{.region = "r", .attribute = "normal-wb", .probe = "p"});
  event["outcome"]["kind"] = 3;
  Result<ResultEvent> parsed = ParseResultEvent(event);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message, "outcome.kind: expected string, got number");
  event["outcome"]["kind"] = "exploded";
  parsed = ParseResultEvent(event);
  ASSERT_FALSE(parsed);
  EXPECT_THAT(parsed.error().message,
              ::testing::StartsWith("outcome.kind: unknown outcome_kinds word 'exploded'"));
  EXPECT_FALSE(ParseResultEvent(json{{"event", "measurement_end"}, {"threads", "2"}}));
  EXPECT_FALSE(ParseResultEvent(json{{"event", "region_found"}, {"region", {{"size_bytes", -1}}}}));
  EXPECT_EQ(ParseResultEvent(json{{"event", "verdict"}, {"evidence", {"a", 1}}}).error().message,
            "evidence: expected array of strings, got array");
}

TEST(ResultEventsTest, a_guest_line_needs_its_kind_and_an_integer_seq) {
  EXPECT_EQ(ParseGuestEvent(json::array()).error().message, "not a JSON object");
  EXPECT_EQ(ParseGuestEvent(json{{"seq", 1}}).error().message, "event: missing or not a string");
  EXPECT_EQ(ParseGuestEvent(json{{"event", "log"}}).error().message, "seq: missing");
  EXPECT_EQ(ParseGuestEvent(json{{"event", "log"}, {"seq", "1"}}).error().message,
            "seq: expected integer, got string");
  EXPECT_EQ(ParseGuestEvent(json{{"event", "log"}, {"seq", 1}, {"time", "now"}}).error().message,
            "time: expected number, got string");
}

TEST(ResultEventsTest, absent_fields_keep_their_defaults) {
  Result<ResultEvent> parsed = ParseResultEvent(json{{"event", "measurement_begin"}});
  ASSERT_TRUE(parsed);
  EXPECT_EQ(std::get<MeasurementBegin>(*parsed), MeasurementBegin{});
}

// The example stream of bench/docs/result_events.md, line by line.
std::vector<std::string> DocumentedExample() {
  std::ifstream in(MEMATTR_RESULT_EVENTS_DOC);
  std::vector<std::string> lines;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line == "```jsonl")
      inside = true;
    else if (line == "```")
      inside = false;
    else if (inside)
      lines.push_back(line);
  }
  return lines;
}

TEST(ResultEventsTest, the_documented_example_is_what_the_writer_writes) {
  const std::vector<std::string> lines = DocumentedExample();
  ASSERT_GE(lines.size(), 10u) << MEMATTR_RESULT_EVENTS_DOC;
  std::set<std::string> kinds;
  for (const std::string& line : lines) {
    Result<json> object = ParseBoundedJson(line, "example");
    ASSERT_TRUE(object) << object.error().message;
    Result<GuestEvent> event = ParseGuestEvent(*object);
    ASSERT_TRUE(event) << line << ": " << event.error().message;
    EXPECT_EQ(ToJson(*event).dump(), line);
    kinds.insert(KindOf(event->event));
  }
  EXPECT_EQ(kinds.size(), std::variant_size_v<ResultEvent> - 1) << "one line per known kind";
}

}  // namespace
}  // namespace memattr::protocol
