#include <fmt/format.h>

#include "cli.hpp"
#include "parkit/errors.hpp"
#include "parkit/report/plot.hpp"
#include "parkit/workloads/wordcount.hpp"

namespace parkit::cli {

Command add_plot_counts(CLI::App& app) {
  auto* sub =
      app.add_subcommand("plot-counts", "Bar chart of a book's most frequent words (gnuplot)");
  struct Args {
    std::string dat, out;
    int n = 10;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("DAT", a->dat, "counts (parkit wordcount)")->required();
  sub->add_option("OUT", a->out, "the figure: .svg or .png")->required();
  sub->add_option("-n", a->n, "how many words")
      ->transform(int_in_range(1, 1000))
      ->capture_default_str();
  return {sub, [a] {
            auto counts = workloads::read_counts(a->dat);
            if (counts.empty()) throw UsageError(fmt::format("{}: no counts in the file", a->dat));
            std::vector<std::pair<std::string, double>> bars;
            for (const auto& c : counts) {
              if (bars.size() == static_cast<std::size_t>(a->n)) break;
              bars.emplace_back(c.word, static_cast<double>(c.count));
            }
            report::bar_chart(a->out,
                              fmt::format("Most frequent words: {}", workloads::book_name(a->dat)),
                              "count", bars);
            return 0;
          }};
}

}  // namespace parkit::cli
