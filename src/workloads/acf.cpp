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

namespace {

// The words whose positions find_occurrences records, looked up by a word of the text. Most
// words of a book are short and so are the most frequent ones: a word of at most 8 bytes is
// its first 8 bytes and its length (one multiply to place it, no string comparison); longer
// words go by the tokeniser's hash and a comparison.
class WordSet {
 public:
  explicit WordSet(const std::vector<std::string>& words) : words_(words) {
    while (size_ < 4 * words.size()) size_ *= 2;
    slots_.assign(size_, Slot{});
    for (std::size_t k = 0; k < words.size(); ++k) {
      if (words[k].size() > 63)
        lengths_ |= std::uint64_t{1} << 63;
      else
        lengths_ |= std::uint64_t{1} << words[k].size();
      if (find(words[k]) >= 0) continue;  // listed twice: the first copy keeps the positions
      std::size_t i = place(key(words[k]), words[k].size());
      while (slots_[i].k >= 0) i = (i + 1) & (size_ - 1);
      slots_[i] =
          Slot{key(words[k]), static_cast<std::uint32_t>(words[k].size()), static_cast<int>(k)};
    }
  }
  // The index in `words` of w, or -1. (Called for every word of a book: inlined.)
  [[gnu::always_inline]] int find(std::string_view w) const noexcept {
    // Words of lengths none of ours has are ruled out before anything else.
    if (!(lengths_ >> std::min<std::size_t>(w.size(), 63) & 1)) return -1;
    const std::uint64_t kw = key(w);
    const auto len = static_cast<std::uint32_t>(w.size());
    for (std::size_t i = place(kw, len); slots_[i].k >= 0; i = (i + 1) & (size_ - 1)) {
      const Slot& s = slots_[i];
      if (s.key == kw && s.len == len && (len <= 8 || words_[static_cast<std::size_t>(s.k)] == w))
        return s.k;
    }
    return -1;
  }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t len = 0;
    int k = -1;
  };
  static std::uint64_t key(std::string_view w) noexcept {
    return w.size() <= 8 ? text::detail::first8(w) : text::word_hash(w);
  }
  std::size_t place(std::uint64_t key, std::size_t len) const noexcept {
    const std::uint64_t h = (key ^ (std::uint64_t{len} << 59)) * 0x9e3779b97f4a7c15ull;
    return static_cast<std::size_t>(h >> 40) & (size_ - 1);
  }
  const std::vector<std::string>& words_;
  std::size_t size_ = 16;
  std::vector<Slot> slots_;
  std::uint64_t lengths_ = 0;  // bit L: some word has L bytes (63: 63 or more)
};

}  // namespace

std::vector<std::vector<std::uint32_t>> find_occurrences(std::string_view text,
                                                         std::string_view book,
                                                         const std::vector<std::string>& words,
                                                         std::string_view counts,
                                                         const text::ScannedStretch& scanned) {
  const WordSet wanted(words);
  std::vector<std::vector<std::uint32_t>> occ(words.size());
  std::uint32_t pos = 0;
  text::for_each_word_by_stretch(
      text, book,
      [&](std::string_view w) {
        if (int k = wanted.find(w); k >= 0) occ[static_cast<std::size_t>(k)].push_back(pos);
        ++pos;
      },
      0, scanned);
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
