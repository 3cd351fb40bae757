// Figures drawn by gnuplot (Debian's gnuplot-nox), written atomically. The output format
// follows the file's extension: .svg or .png.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parkit::report {

// A bar chart of labelled values, in the given order.
void bar_chart(const std::string& out, const std::string& title, const std::string& ylabel,
               const std::vector<std::pair<std::string, double>>& bars);

// Lines through (x, y) points, one a series, with points marked unless `dashed` (a model or a
// reference line drawn dashed, without marks).
struct Series {
  std::string name;
  std::vector<std::pair<double, double>> points;
  bool dashed = false;
};
struct LineChart {
  std::string title, xlabel, ylabel;
  bool log_x = false, log_y = false;
  std::vector<Series> series;
};
void line_chart(const std::string& out, const LineChart& chart);

// Runs gnuplot on `script`, whose output must go to the file named by the placeholder OUTFILE;
// the figure lands at `out` only if gnuplot succeeds. Throws UsageError for an unknown
// extension, Error when gnuplot is missing or fails.
// The figure is checked before it replaces `out`: gnuplot exits 0 even when the disk filled up
// under it.
void run_gnuplot(const std::string& out, const std::string& script);

// Throws UsageError naming the option when `out` is not a .svg or .png file name: for commands to
// call before they start work whose figure they could not draw.
void check_figure_name(std::string_view option, const std::string& out);

// Whether `bytes` hold a whole figure of that format ("svg": ends with </svg>; "png": the
// signature and the closing IEND chunk).
bool figure_is_complete(std::string_view bytes, std::string_view ext);

}  // namespace parkit::report
