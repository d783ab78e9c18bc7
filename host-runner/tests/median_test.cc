// The one median compare, report and export use (results/median.h).
#include "results/median.h"

#include <gtest/gtest.h>

namespace memattr::host {
namespace {

TEST(MedianTest, odd_count_is_the_middle_value_whatever_the_order) {
  EXPECT_DOUBLE_EQ(Median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(Median({7}), 7);
}

TEST(MedianTest, even_count_is_the_mean_of_the_two_middle_values) {
  EXPECT_DOUBLE_EQ(Median({4, 1, 3, 2}), 2.5);
}

TEST(MedianTest, no_values_is_zero) { EXPECT_DOUBLE_EQ(Median({}), 0); }

}  // namespace
}  // namespace memattr::host
