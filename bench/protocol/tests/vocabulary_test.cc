#include "memattr/protocol/vocabulary.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "memattr/protocol/context_keys.h"
#include "memattr/protocol/kernel_families.h"

namespace memattr::protocol {
namespace {

template <typename E>
class VocabularyTest : public ::testing::Test {};

using AllVocabularies =
    ::testing::Types<OutcomeKind, VerdictKind, HostOutcomeKind, ManifestRegionKind, MemoryAttribute,
                     EffectiveType, KernelFamily, RunStatus>;
TYPED_TEST_SUITE(VocabularyTest, AllVocabularies);

TYPED_TEST(VocabularyTest, every_value_round_trips_through_its_wire_name) {
  for (TypeParam value : AllValues<TypeParam>()) {
    const std::string_view text = ToString(value);
    ASSERT_NE(text, "invalid");
    EXPECT_EQ(Parse<TypeParam>(text), value) << text;
  }
}

// The list is the enum: values 0..N-1 in order, so no enumerator is left without a word
// (a new enumerator after the last listed one makes ToString say "invalid", caught below).
TYPED_TEST(VocabularyTest, list_holds_every_enumerator_once_in_order) {
  const auto values = AllValues<TypeParam>();
  for (std::size_t i = 0; i < values.size(); ++i) EXPECT_EQ(static_cast<std::size_t>(values[i]), i);
  EXPECT_EQ(ToString(static_cast<TypeParam>(values.size())), "invalid");
  const auto words = AllWords<TypeParam>();
  EXPECT_EQ(std::set<std::string_view>(words.begin(), words.end()).size(), words.size());
}

TYPED_TEST(VocabularyTest, unknown_or_differently_spelled_words_do_not_parse) {
  EXPECT_FALSE(Parse<TypeParam>(""));
  EXPECT_FALSE(Parse<TypeParam>("invalid"));
  const std::string first(ToString(AllValues<TypeParam>()[0]));
  EXPECT_FALSE(Parse<TypeParam>(first + " "));
  EXPECT_FALSE(Parse<TypeParam>("x" + first));
}

TEST(VocabularyWordsTest, wire_names_are_the_documented_ones) {
  EXPECT_EQ(ToString(OutcomeKind::kWrongData), "wrong-data");
  EXPECT_EQ(ToString(VerdictKind::kAsExpected), "as-expected");
  EXPECT_EQ(ToString(HostOutcomeKind::kStage2Fault), "stage2-fault");
  EXPECT_EQ(ToString(ManifestRegionKind::kBar), "bar");
  EXPECT_EQ(ToString(MemoryAttribute::kDeviceNGnRnE), "device-ngnrne");
  EXPECT_EQ(ToString(EffectiveType::kDevice), "device");
  EXPECT_EQ(ToString(RunStatus::kIncomplete), "incomplete");
}

TEST(ContextKeysTest, every_key_is_listed_once_under_the_prefix) {
  const auto& all = context_keys::kAllKeys;
  EXPECT_EQ(std::set<std::string_view>(all.begin(), all.end()).size(), all.size());
  for (std::string_view key : all) {
    EXPECT_TRUE(key.starts_with(context_keys::kPrefix)) << key;
    EXPECT_GT(key.size(), std::string_view(context_keys::kPrefix).size()) << key;
  }
  EXPECT_NE(std::find(all.begin(), all.end(), std::string_view(context_keys::kStatus)), all.end());
}

}  // namespace
}  // namespace memattr::protocol
