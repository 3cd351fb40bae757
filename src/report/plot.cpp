#include "parkit/report/plot.hpp"

#include <fmt/format.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstring>

#include "core/sys.hpp"
#include "parkit/errors.hpp"
#include "parkit/files.hpp"

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

void run_gnuplot(const std::string& out, const std::string& script) {
  std::string terminal = terminal_for(out);
  std::string tmp = temporary_name(out);
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

}  // namespace parkit::report
