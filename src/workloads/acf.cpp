#include "parkit/workloads/acf.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

#include "parkit/errors.hpp"
#include "parkit/partition.hpp"

namespace parkit::workloads {

std::vector<double> word_acf(const std::vector<std::uint32_t>& pos, std::size_t timesteps,
                             const Comm* team) {
  std::vector<std::uint64_t> pairs(timesteps, 0);
  for (std::size_t a = 0; a < pos.size(); ++a) {
    if (team && (a & 1023) == 1023) team->throw_if_cancelled();
    if (pos[a] == 0) continue;  // the reference's sum starts at i = 1
    for (std::size_t b = a; b < pos.size(); ++b) {
      std::size_t lag = pos[b] - pos[a];
      if (lag >= timesteps) break;
      ++pairs[lag];
    }
  }
  std::vector<double> out(timesteps);
  const auto c = static_cast<double>(pos.size());
  for (std::size_t t = 0; t < timesteps; ++t) out[t] = static_cast<double>(pairs[t]) / c;
  return out;
}

std::vector<std::vector<std::uint32_t>> find_occurrences(std::string_view text,
                                                         std::string_view book,
                                                         const std::vector<std::string>& words,
                                                         std::string_view counts) {
  // A small open-addressing table of the distinct words, keyed by the tokeniser's hash.
  std::size_t size = 16;
  while (size < 4 * words.size()) size *= 2;
  std::vector<int> slot(size, -1);  // index into `words` of the first copy
  std::vector<std::uint64_t> hashes(words.size());
  for (std::size_t k = 0; k < words.size(); ++k) {
    hashes[k] = text::word_hash(words[k]);
    std::size_t i = hashes[k] & (size - 1);
    while (slot[i] >= 0 && words[static_cast<std::size_t>(slot[i])] != words[k])
      i = (i + 1) & (size - 1);
    if (slot[i] < 0) slot[i] = static_cast<int>(k);
  }
  // Lengths the words have (longer than 63 bytes all share bit 63): most words of the text are
  // ruled out by their length before any hashing.
  std::uint64_t lengths = 0;
  for (const auto& w : words) lengths |= std::uint64_t{1} << std::min<std::size_t>(w.size(), 63);
  std::vector<std::vector<std::uint32_t>> occ(words.size());
  std::uint32_t pos = 0;
  text::for_each_word(text, book, [&](std::string_view w) {
    if (!(lengths >> std::min<std::size_t>(w.size(), 63) & 1)) {
      ++pos;
      return;
    }
    std::uint64_t h = text::word_hash(w);
    for (std::size_t i = h & (size - 1); slot[i] >= 0; i = (i + 1) & (size - 1)) {
      auto k = static_cast<std::size_t>(slot[i]);
      if (hashes[k] == h && words[k] == w) {
        occ[k].push_back(pos);
        break;
      }
    }
    ++pos;
  });
  if (pos == 0) throw UsageError(fmt::format("{}: the book has no words", book));
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (!occ[k].empty()) continue;
    // A word listed twice shares the first copy's list; any other empty list is an error.
    for (std::size_t j = 0; j < k; ++j)
      if (words[j] == words[k]) occ[k] = occ[j];
    if (occ[k].empty())
      throw UsageError(
          fmt::format("{}: word '{}' of the counts does not occur in {}", counts, words[k], book));
  }
  return occ;
}

namespace {
std::vector<double> average(const std::vector<std::vector<double>>& rows, std::size_t timesteps) {
  std::vector<double> ave(timesteps, 0.0);
  if (rows.empty()) return ave;
  for (const auto& r : rows)
    for (std::size_t t = 0; t < timesteps; ++t) ave[t] += r[t];
  for (auto& v : ave) v /= static_cast<double>(rows.size());
  return ave;
}
}  // namespace

AcfCollect parse_acf_collect(std::string_view name) {
  if (name == "map") return AcfCollect::map;
  if (name == "p2p") return AcfCollect::p2p;
  if (name == "gather") return AcfCollect::gather;
  throw UsageError(fmt::format("unknown ACF collection '{}' (expected map, p2p or gather)", name));
}

std::string block_split_report(Comm& c, std::size_t words) {
  Range mine =
      block_range(words, static_cast<std::size_t>(c.size()), static_cast<std::size_t>(c.rank()));
  auto lines = c.gather(fmt::format("My rank number is {} and first, last = {}, {}\n", c.rank(),
                                    mine.begin, mine.end),
                        0);
  std::string out;
  for (auto& l : lines) out += l;
  return out;
}

std::vector<double> average_acf(Comm& c, const std::vector<std::vector<std::uint32_t>>& occ,
                                std::size_t timesteps, AcfCollect collect) {
  using Rows = std::vector<std::vector<double>>;
  Rows rows;
  if (collect == AcfCollect::map) {
    rows = map(c, occ.size(), [&](std::size_t k) { return word_acf(occ[k], timesteps, &c); });
  } else {
    Range mine = block_range(occ.size(), static_cast<std::size_t>(c.size()),
                             static_cast<std::size_t>(c.rank()));
    Rows local;
    for (std::size_t k = mine.begin; k < mine.end; ++k)
      local.push_back(word_acf(occ[k], timesteps, &c));
    std::vector<Rows> parts;
    if (collect == AcfCollect::gather) {
      parts = c.gather(local, 0);  // comm.gather(acf_rows, root=0)
    } else if (c.rank() != 0) {
      c.send(local, 0, 0);  // comm.send(acf_rows, dest=0)
    } else {
      parts.push_back(std::move(local));
      for (int r = 1; r < c.size(); ++r) parts.push_back(c.recv<Rows>(r, 0));  // in rank order
    }
    for (auto& p : parts)
      for (auto& row : p) rows.push_back(std::move(row));
  }
  if (c.rank() != 0) return {};
  return average(rows, timesteps);
}

std::vector<double> average_acf(const Team& team,
                                const std::vector<std::vector<std::uint32_t>>& occ,
                                std::size_t timesteps, AcfCollect collect) {
  return run(team, [&](Comm& c) { return average_acf(c, occ, timesteps, collect); });
}

std::string format_acf(const std::vector<double>& ave) {
  std::string out;
  char line[128];
  for (std::size_t t = 0; t < ave.size(); ++t) {
    int n = std::snprintf(line, sizeof line, "%.18e,%.18e\n", static_cast<double>(t + 1), ave[t]);
    out.append(line, static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace parkit::workloads
