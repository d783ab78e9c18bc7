// The one size parser and the one duration parser (memattr/quantity.h): range-checked, never
// wrapping, never non-finite; and the label value rule (memattr/label_value.h).
#include "memattr/quantity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "memattr/label_value.h"

namespace memattr {
namespace {

using ::testing::HasSubstr;

TEST(ParseSizeTest, reads_binary_suffixes_and_hex) {
  EXPECT_EQ(*ParseSize("4096"), 4096u);
  EXPECT_EQ(*ParseSize("1KiB"), 1024u);
  EXPECT_EQ(*ParseSize("16M"), 16u << 20);
  EXPECT_EQ(*ParseSize("1GiB"), 1ull << 30);
  EXPECT_EQ(*ParseSize("2T"), 2ull << 40);
  EXPECT_EQ(*ParseSize("0x1000"), 4096u);
}

TEST(ParseSizeTest, refuses_what_would_overflow_or_wrap) {
  EXPECT_THAT(ParseSize("99999999999999999999999").error().message, HasSubstr("too large"));
  // 17179869185 << 30 wraps to 1 GiB in 64 bits: must be refused, not wrapped.
  EXPECT_THAT(ParseSize("17179869185G").error().message, HasSubstr("too large"));
  EXPECT_THAT(ParseSize("2GiB", 1ull << 30).error().message, HasSubstr("at most 1GiB"));
  EXPECT_EQ(*ParseSize("1GiB", 1ull << 30), 1ull << 30);
}

TEST(ParseSizeTest, refuses_signs_fractions_and_unknown_units) {
  for (const char* text : {"", "-1", "+1", "1.5G", "1e3", "12Q", "G", " 1", "nan", "inf", "0x"})
    EXPECT_THAT(ParseSize(text).error().message, HasSubstr("is not a size")) << text;
}

TEST(ParseDurationTest, reads_units) {
  EXPECT_DOUBLE_EQ(*ParseDuration("90s"), 90);
  EXPECT_DOUBLE_EQ(*ParseDuration("15m"), 900);
  EXPECT_DOUBLE_EQ(*ParseDuration("0.05s"), 0.05);
  EXPECT_DOUBLE_EQ(*ParseDuration("250ms"), 0.25);
  EXPECT_DOUBLE_EQ(*ParseDuration("2"), 2);
  EXPECT_DOUBLE_EQ(*ParseDuration("1h"), 3600);
}

TEST(ParseDurationTest, refuses_non_finite_negative_zero_and_huge) {
  for (const char* text : {"nan", "inf", "infs", "-inf", "nans", "-5s", "0", "0s"})
    EXPECT_THAT(ParseDuration(text).error().message, HasSubstr("finite duration")) << text;
  for (const char* text : {"1e30s", "1e3", "", "s", "5x", "1,5s"})
    EXPECT_THAT(ParseDuration(text).error().message, HasSubstr("is not a duration")) << text;
  EXPECT_THAT(ParseDuration("99999999999999999999999999999999s").error().message,
              HasSubstr("too long"));
  EXPECT_THAT(ParseDuration("2h", 3600).error().message, HasSubstr("at most 3600 s"));
}

TEST(FormatSizeTest, names_the_largest_exact_unit) {
  EXPECT_EQ(FormatSize(64ull << 20), "64MiB");
  EXPECT_EQ(FormatSize(3 << 10), "3KiB");
  EXPECT_EQ(FormatSize(5), "5 bytes");
}

TEST(LabelValueTest, one_rule_for_separators_controls_and_bad_utf8) {
  EXPECT_EQ(LabelValue("0000:00:02.0/bar2"), "0000_00_02.0_bar2");
  EXPECT_EQ(LabelValue("my region"), "my region");
  EXPECT_EQ(LabelValue("a\tb\nc\x01\x7f"), "a_b_c__");
  EXPECT_EQ(LabelValue("caf\xc3\xa9"), "caf\xc3\xa9");                  // UTF-8 kept
  EXPECT_EQ(LabelValue("bad\xff\xc3"), "bad__");                        // not UTF-8
  EXPECT_EQ(LabelValue("\xed\xa0\x80"), "___");                         // a surrogate
  EXPECT_EQ(LabelValue(LabelValue("x:y/z w")), LabelValue("x:y/z w"));  // idempotent
}

}  // namespace
}  // namespace memattr
