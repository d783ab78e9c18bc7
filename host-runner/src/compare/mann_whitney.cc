#include "mann_whitney.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace memattr::compare {
namespace {

struct Ranking {
  std::vector<double> ranks;  // average ranks, in input order
  double tie_term = 0;        // sum over tie groups of t^3 - t
};

Ranking RankWithTies(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto l, auto r) { return values[l] < values[r]; });
  Ranking out{std::vector<double>(values.size()), 0};
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double average_rank = (static_cast<double>(i + j) / 2.0) + 1.0;
    for (std::size_t k = i; k <= j; ++k) out.ranks[order[k]] = average_rank;
    const double t = static_cast<double>(j - i + 1);
    out.tie_term += t * t * t - t;
    i = j + 1;
  }
  return out;
}

// Number of arrangements giving each U in 0..m*n, by f(u;m,n) = f(u-n;m-1,n) + f(u;m,n-1).
std::vector<double> ExactUCounts(int m, int n) {
  // counts[j][u] for the current m, over n' = 0..n.
  std::vector<std::vector<double>> prev(n + 1, std::vector<double>(1, 1.0));  // m = 0
  for (int mi = 1; mi <= m; ++mi) {
    std::vector<std::vector<double>> cur(n + 1);
    cur[0] = {1.0};  // n' = 0: U = 0 only
    for (int ni = 1; ni <= n; ++ni) {
      cur[ni].assign(mi * ni + 1, 0.0);
      for (int u = 0; u <= mi * ni; ++u) {
        if (u - ni >= 0 && u - ni < static_cast<int>(prev[ni].size()))
          cur[ni][u] += prev[ni][u - ni];
        if (u < static_cast<int>(cur[ni - 1].size())) cur[ni][u] += cur[ni - 1][u];
      }
    }
    prev = std::move(cur);
  }
  return prev[n];
}

double ExactSurvival(int u, int m, int n) {  // P(U >= u)
  const std::vector<double> counts = ExactUCounts(m, n);
  const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  double tail = 0;
  for (int k = std::max(u, 0); k < static_cast<int>(counts.size()); ++k) tail += counts[k];
  return tail / total;
}

}  // namespace

MannWhitneyResult MannWhitneyU(std::span<const double> a, std::span<const double> b) {
  const double n1 = static_cast<double>(a.size());
  const double n2 = static_cast<double>(b.size());
  std::vector<double> all(a.begin(), a.end());
  all.insert(all.end(), b.begin(), b.end());
  const Ranking ranking = RankWithTies(all);
  const double r1 = std::accumulate(ranking.ranks.begin(), ranking.ranks.begin() + a.size(), 0.0);
  MannWhitneyResult result;
  result.u1 = r1 - n1 * (n1 + 1) / 2;
  const double u = std::max(result.u1, n1 * n2 - result.u1);
  // SciPy's 'auto': exact unless both samples exceed 8 or there are ties.
  result.exact = (a.size() <= 8 || b.size() <= 8) && ranking.tie_term == 0;
  double p;
  if (result.exact) {
    p = ExactSurvival(static_cast<int>(u), static_cast<int>(a.size()), static_cast<int>(b.size()));
  } else {
    const double n = n1 + n2;
    const double sigma = std::sqrt(n1 * n2 / 12.0 * ((n + 1) - ranking.tie_term / (n * (n - 1))));
    const double z = (u - n1 * n2 / 2.0 - 0.5) / sigma;  // with continuity correction
    p = 0.5 * std::erfc(z / std::sqrt(2.0));             // normal survival function
  }
  result.p_value = std::clamp(2 * p, 0.0, 1.0);
  return result;
}

}  // namespace memattr::compare
