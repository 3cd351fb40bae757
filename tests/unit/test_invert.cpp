// parkit invert (issue 12): LAPACK's Cholesky inverse is right, and BLAS threads follow the
// caller and drop to one in pool workers.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <vector>

#include "parkit/blas_threads.hpp"
#include "parkit/errors.hpp"
#include "parkit/process_pool.hpp"
#include "parkit/workloads/invert.hpp"

using namespace parkit;
using namespace parkit::workloads;

TEST(Invert, TheMatrixIsSymmetricWithAHeavyDiagonal) {
  auto a = spd_matrix(30, 4);
  for (std::size_t i = 0; i < 30; ++i) {
    EXPECT_EQ(a[i * 30 + i], 30.0);
    for (std::size_t j = 0; j < 30; ++j) {
      EXPECT_EQ(a[i * 30 + j], a[j * 30 + i]);
      if (i != j) {
        EXPECT_LT(std::abs(a[i * 30 + j]), 1.0);
      }
    }
  }
  EXPECT_NE(spd_matrix(30, 5), a);
}

TEST(Invert, TheResidualIsSmallAtEverySize) {
  for (std::size_t n : {10u, 500u, 2000u}) {
    auto r = invert(n, 0);
    EXPECT_LT(r.residual, 1e-8) << n;
    EXPECT_GE(r.residual, 0.0);
    EXPECT_GE(r.seconds, 0.0);
  }
}

TEST(Invert, TheThreadCountFollowsTheCaller) {
  int before = blas_threads();
  EXPECT_EQ(invert(64, 1).threads, 1);
  EXPECT_EQ(invert(64, 2).threads, 2);
  set_blas_threads(before);
}

TEST(Invert, ImpossibleSizesAreUsageErrors) {
  EXPECT_THROW(invert(0, 1), UsageError);
  EXPECT_THROW(invert(1000000, 1), UsageError);  // 22 TiB
}

namespace {
int threads_here(int) { return blas_threads(); }
}  // namespace

TEST(Invert, PoolWorkersStartWithOneBlasThread) {
  if (std::getenv("OPENBLAS_NUM_THREADS") || std::getenv("OMP_NUM_THREADS"))
    GTEST_SKIP() << "the environment sets the BLAS thread count";
  int before = blas_threads();
  set_blas_threads(2);  // the parent has two
  {
    ProcessPool pool(2);
    for (int t : pool.map(&threads_here, std::vector<int>{0, 1, 2, 3})) EXPECT_EQ(t, 1);
  }
  EXPECT_EQ(blas_threads(), 2);
  set_blas_threads(before);
}
