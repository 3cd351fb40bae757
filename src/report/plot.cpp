#include "parkit/report/plot.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/sys.hpp"
#include "parkit/errors.hpp"
#include "parkit/files.hpp"
#include "parkit/interrupt.hpp"

namespace parkit::report {

namespace {

std::string terminal_for(const std::string& out) {
  auto dot = out.find_last_of('.');
  std::string ext = dot == std::string::npos ? "" : out.substr(dot + 1);
  if (ext == "svg")
    return "set terminal svg size 900,540 dynamic font 'sans,12' background rgb 'white'";
  if (ext == "png") return "set terminal pngcairo size 900,540 font 'sans,11'";
  throw UsageError(fmt::format("{}: the figure must be a .svg or .png file", out));
}

// gnuplot's double-quoted strings: escape backslashes and quotes.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

void check_figure_name(std::string_view option, const std::string& out) {
  try {
    (void)terminal_for(out);
  } catch (const UsageError&) {
    throw UsageError(fmt::format("{}: {}: the figure must be a .svg or .png file", option, out));
  }
}

bool figure_is_complete(std::string_view bytes, std::string_view ext) {
  if (ext == "png") {
    // A PNG ends with the IEND chunk: length 0, "IEND", its CRC.
    constexpr std::string_view iend("\0\0\0\0IEND\xae\x42\x60\x82", 12);
    return bytes.size() > 8 + iend.size() && bytes.substr(0, 4) == "\x89PNG" &&
           bytes.substr(bytes.size() - iend.size()) == iend;
  }
  auto end = bytes.find_last_not_of(" \t\r\n");
  constexpr std::string_view close = "</svg>";
  return end != std::string_view::npos && end + 1 >= close.size() &&
         bytes.substr(end + 1 - close.size(), close.size()) == close;
}

void run_gnuplot(const std::string& out, const std::string& script) {
  std::string terminal = terminal_for(out);
  std::string tmp = temporary_name(out);
  RemovedOnInterrupt guard(tmp);
  std::string full =
      fmt::format("{}\nset output {}\n{}\nunset output\n", terminal, quoted(tmp), script);
  std::fflush(nullptr);
  int st = sys::run_with_input("gnuplot", full);
  if (st < 0) throw Error(fmt::format("cannot start gnuplot: {}", sys::error_text(errno)));
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    sys::remove_file(tmp);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
      throw Error("gnuplot is not installed (Debian package gnuplot-nox)");
    throw Error(fmt::format("{}: gnuplot failed (status {})", out, st));
  }
  // gnuplot exits 0 even when it could not write the whole figure (a full disk): look at it.
  std::string bytes;
  sys::Fd fd;
  int e = sys::open_file(tmp, O_RDONLY, fd);
  if (!e) e = sys::read_to_end(fd.get(), bytes);
  if (e || !figure_is_complete(bytes, out.substr(out.find_last_of('.') + 1))) {
    sys::remove_file(tmp);
    throw Error(
        fmt::format("{}: cannot write: {}", out,
                    e ? sys::error_text(e) : "gnuplot left it incomplete (is the disk full?)"));
  }
  commit_temporary(tmp, out);
}

void bar_chart(const std::string& out, const std::string& title, const std::string& ylabel,
               const std::vector<std::pair<std::string, double>>& bars) {
  std::string data;
  for (const auto& [label, value] : bars) data += fmt::format("{} {}\n", quoted(label), value);
  std::string script = fmt::format(
      "$data << EOD\n{}EOD\n"
      "set title {}\nset ylabel {}\nset style fill solid 0.8 border -1\nset boxwidth 0.7\n"
      "set yrange [0:*]\nset xtics rotate by -45 nomirror\nset grid ytics\nunset key\n"
      "plot $data using 0:2:xtic(1) with boxes lc rgb '#3b6ea8'",
      data, quoted(title), quoted(ylabel));
  run_gnuplot(out, script);
}

void line_chart(const std::string& out, const LineChart& chart) {
  std::string data, plot;
  for (std::size_t k = 0; k < chart.series.size(); ++k) {
    const Series& s = chart.series[k];
    data += fmt::format("$s{} << EOD\n", k);
    for (const auto& [x, y] : s.points)
      if (std::isfinite(x) && std::isfinite(y)) data += fmt::format("{} {}\n", x, y);
    data += "EOD\n";
    plot += fmt::format("{}$s{} using 1:2 with {} lw 2 title {}", k ? ", " : "plot ", k,
                        s.dashed ? "lines dt 2" : "linespoints pt 7 ps 0.8", quoted(s.name));
  }
  std::string script = fmt::format(
      "{}set title {}\nset xlabel {}\nset ylabel {}\nset grid\nset key left top\n{}{}{}", data,
      quoted(chart.title), quoted(chart.xlabel), quoted(chart.ylabel),
      chart.log_x ? "set logscale x 2\n" : "", chart.log_y ? "set logscale y 10\n" : "", plot);
  run_gnuplot(out, script);
}

}  // namespace parkit::report
