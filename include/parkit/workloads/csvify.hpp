// The tutorials' threaded I/O example: every DIR/*.dat becomes DIR/*.csv with each space turned
// into a comma, serially or through a ThreadPool. `inflate` repeats each line that many times
// (the tutorial's `line *= 100`), to make the files big enough for threads to pay off.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace parkit::workloads {

// The .csv text of one .dat text.
std::string csv_of(std::string_view dat, std::size_t inflate = 1);

// Converts the directory's .dat files (each written atomically); returns how many. threads 1:
// one after another in this thread. UsageError for a directory that cannot be read.
std::size_t csvify_dir(const std::string& dir, int threads, std::size_t inflate = 1);

}  // namespace parkit::workloads
