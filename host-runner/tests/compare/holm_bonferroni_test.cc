#include "holm_bonferroni.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace memattr::compare {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;

// Expected values worked by hand from the step-down rule; they are also R's
// p.adjust(p, method = "holm") for the same p.
TEST(HolmBonferroniTest, adjusts_in_input_order_with_running_maximum) {
  const std::vector<double> p{0.01, 0.04, 0.03, 0.005};
  // sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> max 0.06
  EXPECT_THAT(HolmAdjust(p), ElementsAre(DoubleNear(0.03, 1e-15), DoubleNear(0.06, 1e-15),
                                         DoubleNear(0.06, 1e-15), DoubleNear(0.02, 1e-15)));
}

TEST(HolmBonferroniTest, equally_spaced_p_values) {
  const std::vector<double> p{0.01, 0.02, 0.03, 0.04, 0.05};
  EXPECT_THAT(HolmAdjust(p),
              ElementsAre(DoubleNear(0.05, 1e-15), DoubleNear(0.08, 1e-15), DoubleNear(0.09, 1e-15),
                          DoubleNear(0.09, 1e-15), DoubleNear(0.09, 1e-15)));
}

TEST(HolmBonferroniTest, caps_at_one_keeps_ties_equal_and_leaves_a_single_test_alone) {
  EXPECT_THAT(HolmAdjust(std::vector<double>{0.5, 0.6}), ElementsAre(1.0, 1.0));
  EXPECT_THAT(HolmAdjust(std::vector<double>{0.02, 0.02}), ElementsAre(0.04, 0.04));
  EXPECT_THAT(HolmAdjust(std::vector<double>{0.03}), ElementsAre(0.03));
  EXPECT_TRUE(HolmAdjust(std::vector<double>{}).empty());
}

// An A/A comparison of 40 benchmarks: two raw p-values below 0.05 by chance are not
// significant once the family is accounted for; a real change (p = 1e-5) still is.
TEST(HolmBonferroniTest, chance_hits_among_forty_vanish_a_real_change_stays) {
  std::vector<double> p(40, 0.5);
  p[3] = 0.012;
  p[17] = 0.04;
  std::vector<double> adjusted = HolmAdjust(p);
  EXPECT_GE(adjusted[3], 0.05);
  EXPECT_GE(adjusted[17], 0.05);
  p[25] = 1e-5;
  adjusted = HolmAdjust(p);
  EXPECT_NEAR(adjusted[25], 40 * 1e-5, 1e-15);
  EXPECT_LT(adjusted[25], 0.05);
  EXPECT_GE(adjusted[3], 0.05);
}

}  // namespace
}  // namespace memattr::compare
