#include "mann_whitney.h"

#include <gtest/gtest.h>

#include <vector>

namespace memattr::compare {
namespace {

// Expected values from SciPy 1.10 mannwhitneyu(a, b, alternative='two-sided').
TEST(MannWhitneyTest, exact_distribution_for_small_samples_without_ties) {
  std::vector<double> a{1, 2, 3}, b{4, 5, 6};
  MannWhitneyResult r = MannWhitneyU(a, b);
  EXPECT_TRUE(r.exact);
  EXPECT_DOUBLE_EQ(r.u1, 0.0);
  EXPECT_NEAR(r.p_value, 0.1, 1e-12);

  std::vector<double> c{1.0, 2.5, 3.1, 4.2}, d{2.0, 2.6, 5.0, 6.0, 7.5};
  r = MannWhitneyU(c, d);
  EXPECT_DOUBLE_EQ(r.u1, 5.0);
  EXPECT_NEAR(r.p_value, 0.2857142857142857, 1e-12);
}

TEST(MannWhitneyTest, normal_approximation_with_ties_for_larger_samples) {
  std::vector<double> a{10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
  std::vector<double> b{12, 14, 16, 18, 20, 22, 24, 26, 28, 30};
  MannWhitneyResult r = MannWhitneyU(a, b);
  EXPECT_FALSE(r.exact);
  EXPECT_DOUBLE_EQ(r.u1, 18.0);
  EXPECT_NEAR(r.p_value, 0.017090034751250798, 1e-12);
}

TEST(MannWhitneyTest, identical_samples_are_not_significant) {
  std::vector<double> a{5, 5, 5}, b{5, 5, 5};
  MannWhitneyResult r = MannWhitneyU(a, b);
  EXPECT_DOUBLE_EQ(r.u1, 4.5);
  EXPECT_DOUBLE_EQ(r.p_value, 1.0);
}

}  // namespace
}  // namespace memattr::compare
