// The Cartesian layout of ranks (cart.hpp) and the non-blocking requests (Comm::isend/irecv).
#include <gtest/gtest.h>

#include <thread>

#include "parkit/cart.hpp"
#include "parkit/comm.hpp"
#include "parkit/errors.hpp"
#include "parkit/run.hpp"

using namespace parkit;

TEST(Cart, DimsAreTheMostNearlySquare) {
  std::vector<std::pair<int, int>> want{{1, 1}, {2, 1}, {3, 1}, {2, 2}, {5, 1},  {3, 2},
                                        {7, 1}, {4, 2}, {3, 3}, {5, 2}, {11, 1}, {4, 3}};
  for (int n = 1; n <= 12; ++n) {
    int px = 0, py = 0;
    cart_dims(n, px, py);
    EXPECT_EQ(std::make_pair(px, py), want[static_cast<std::size_t>(n - 1)]) << n;
  }
}

TEST(Cart, NeighboursAndEdges) {
  // 3 across, 2 down: ranks 0 1 2 on row 0, 3 4 5 on row 1.
  Cart2D c = cart_2d(4, 6, 3);
  EXPECT_EQ((std::vector<int>{c.cx, c.cy, c.west, c.east, c.south, c.north}),
            (std::vector<int>{1, 1, 3, 5, 1, proc_null}));
  Cart2D corner = cart_2d(0, 6, 3);
  EXPECT_EQ((std::vector<int>{corner.west, corner.east, corner.south, corner.north}),
            (std::vector<int>{proc_null, 1, proc_null, 3}));
  EXPECT_THROW(cart_2d(0, 6, 4), UsageError);
}

TEST(Requests, IrecvFillsOnWaitOrTestAndProcNullIsDone) {
  for (Backend b : {Backend::threads, Backend::processes}) {
    run(make_team(b, 2), [](Comm& c) {
      int other = 1 - c.rank();
      std::vector<double> in(3, 0.0), out{1.0 * c.rank(), 2.0, 3.0};
      auto r = c.irecv(std::span<double>(in), other, 5);
      EXPECT_FALSE(r.done());
      c.isend(std::span<const double>(out), other, 5);
      while (!r.test()) std::this_thread::yield();
      EXPECT_EQ(in, (std::vector<double>{1.0 * other, 2.0, 3.0}));
      // wait() after the fact, and a request on proc_null, are no-ops.
      r.wait();
      auto none = c.irecv(std::span<double>(in), proc_null, 5);
      EXPECT_TRUE(none.done());
      c.isend(std::span<const double>(out), proc_null, 5);
      // A request left alone is waited for by its destructor.
      {
        auto later = c.irecv(std::span<double>(in), other, 6);
        c.send(std::span<const double>(out), other, 6);
      }
      EXPECT_EQ(in[0], 1.0 * other);
    });
  }
}
