// Word autocorrelation (the tutorials' ACF): for word w with occurrence mask m over the N words
// of a text and count c, acf_w[t] = sum_{i=1}^{N-t-1} m[i] m[i+t] / c, for t = 0..T-1; the book's
// ACF is the average over its most frequent words. Computed exactly from occurrence lists
// (O(c·T) per word instead of O(N·T)), in parallel over words.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parkit/map.hpp"
#include "parkit/text/words.hpp"

namespace parkit::workloads {

// positions: where the word occurs, increasing. With a team, polls it every 1024 positions: one
// frequent word at many lags takes a second or more, and a failed team must not wait for it.
std::vector<double> word_acf(const std::vector<std::uint32_t>& positions, std::size_t timesteps,
                             const Comm* team = nullptr);

// Where each of `words` occurs in the text (word positions, increasing), found in one scan that
// builds no vocabulary. UsageError if the text has no words, or a word never occurs (naming
// `counts`, the table the words came from). `scanned`: as for count_words.
std::vector<std::vector<std::uint32_t>> find_occurrences(std::string_view text,
                                                         std::string_view book,
                                                         const std::vector<std::string>& words,
                                                         std::string_view counts,
                                                         const text::ScannedStretch& scanned = {});

// How the per-word ACFs reach rank 0: parkit's map (its schedule), or the tutorials' two MPI
// programs: words split in blocks with the remainder rule, then each rank's rows sent to rank 0
// point to point (p2p) or collected with gather. Rank 0 always sums the rows in word order, so
// all three give the same bits.
enum class AcfCollect { map, p2p, gather };
AcfCollect parse_acf_collect(std::string_view name);  // UsageError for anything else

// How the tutorial's MPI program reports its split of the words among the ranks: "My rank
// number is r and first, last = f, l" (its block [f, l) under block_range), one line from each
// rank, gathered to rank 0 in rank order (empty elsewhere). Collective.
std::string block_split_report(Comm& c, std::size_t words);

// The average ACF (words summed in order, then divided by their number). Collective; the
// result is on rank 0 (empty elsewhere).
std::vector<double> average_acf(Comm& c, const std::vector<std::vector<std::uint32_t>>& occ,
                                std::size_t timesteps, AcfCollect collect = AcfCollect::map);
// Starts a team for the call.
std::vector<double> average_acf(const Team& team,
                                const std::vector<std::vector<std::uint32_t>>& occ,
                                std::size_t timesteps, AcfCollect collect = AcfCollect::map);

// numpy.savetxt(out, [[1..T], ave].T, delimiter=","): "%.18e,%.18e" per line.
std::string format_acf(const std::vector<double>& ave);

}  // namespace parkit::workloads
