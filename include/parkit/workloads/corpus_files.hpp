// The word-count system's programs as file-to-file functions: what `parkit wordcount`, `zipf`
// and `acf` run, and what the pipeline's jobs run. Outputs are written atomically.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "parkit/team.hpp"
#include "parkit/workloads/acf.hpp"

namespace parkit::workloads {

// out "-": standard output.
// threads: see count_words (a pipeline's jobs count on one thread each).
void wordcount_file(const std::string& book, const std::string& out, std::size_t min_length = 1,
                    int threads = 1);

// The Zipf table of the given .dat files, in the given order.
std::string zipf_table(std::size_t n, const std::vector<std::string>& dats, bool fit = false);

// The average ACF of the book's `words` most frequent words, parallel over words on `team`.
// With `report`, rank 0 first hands it the ranks' block_split_report (the tutorial's verbose
// MPI program).
void acf_file(const std::string& book, const std::string& dat, const std::string& out,
              std::size_t words = 16, std::size_t timesteps = 100, const Team& team = Team{},
              AcfCollect collect = AcfCollect::map,
              const std::function<void(const std::string&)>& report = {});

}  // namespace parkit::workloads
