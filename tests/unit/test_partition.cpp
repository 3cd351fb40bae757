#include <gtest/gtest.h>

#include "parkit/partition.hpp"

using namespace parkit;

TEST(Partition, FirstRanksTakeTheRemainder) {
  // 10 tasks on 4 ranks: 3, 3, 2, 2.
  EXPECT_EQ(block_range(10, 4, 0), (Range{0, 3}));
  EXPECT_EQ(block_range(10, 4, 1), (Range{3, 6}));
  EXPECT_EQ(block_range(10, 4, 2), (Range{6, 8}));
  EXPECT_EQ(block_range(10, 4, 3), (Range{8, 10}));
}

TEST(Partition, BlocksTileTheRangeForManyShapes) {
  for (std::size_t n : {0u, 1u, 2u, 7u, 64u, 1000u})
    for (std::size_t p : {1u, 2u, 3u, 5u, 16u}) {
      std::size_t next = 0;
      for (std::size_t r = 0; r < p; ++r) {
        Range x = block_range(n, p, r);
        EXPECT_EQ(x.begin, next);
        EXPECT_LE(x.size(), n / p + 1);
        EXPECT_GE(x.size(), n / p);
        next = x.end;
      }
      EXPECT_EQ(next, n);
    }
}

TEST(Partition, DefaultChunksizeFollowsPython) {
  // multiprocessing: chunksize, extra = divmod(n, 4 * workers); if extra: chunksize += 1
  EXPECT_EQ(default_chunksize(100, 2), 13u);
  EXPECT_EQ(default_chunksize(8, 2), 1u);
  EXPECT_EQ(default_chunksize(0, 2), 1u);
  EXPECT_EQ(default_chunksize(1, 4), 1u);
  EXPECT_EQ(chunk_count(10, 3), 4u);
}
