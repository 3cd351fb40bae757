// Figures: gnuplot's output is checked before it replaces the old figure, because gnuplot exits 0
// with a truncated file when the disk fills up under it (issue 9).
#include <gtest/gtest.h>

#include "parkit/files.hpp"
#include "parkit/report/plot.hpp"

using namespace parkit;

TEST(Plot, AWholeFigureIsCompleteAndEveryTruncationIsNot) {
  TempDir dir("parkit-test-plot");
  for (std::string ext : {"svg", "png"}) {
    std::string out = dir.path() + "/fig." + ext;
    report::bar_chart(out, "t", "y", {{"a", 1}, {"b", 2}});
    std::string bytes = read_file(out);
    ASSERT_GT(bytes.size(), 100u) << ext;
    EXPECT_TRUE(report::figure_is_complete(bytes, ext)) << ext;
    // The last byte that matters: the '>' of </svg> (what follows is blank), the PNG's last.
    std::size_t last = ext == "svg" ? bytes.rfind("</svg>") + 5 : bytes.size() - 1;
    for (std::size_t keep : {std::size_t{0}, std::size_t{8}, bytes.size() / 2, last})
      EXPECT_FALSE(report::figure_is_complete(bytes.substr(0, keep), ext)) << ext << " " << keep;
    EXPECT_FALSE(report::figure_is_complete(bytes, ext == "svg" ? "png" : "svg")) << ext;
  }
}
