#include "parkit/workloads/acf.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <unordered_map>

#include "parkit/errors.hpp"

namespace parkit::workloads {

std::vector<double> word_acf(const std::vector<std::uint32_t>& pos, std::size_t timesteps) {
  std::vector<std::uint64_t> pairs(timesteps, 0);
  for (std::size_t a = 0; a < pos.size(); ++a) {
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

std::vector<std::vector<std::uint32_t>> occurrences(const text::Tokens& t,
                                                    const std::vector<std::uint32_t>& words) {
  std::vector<int> slot(t.vocab.size(), -1);
  for (std::size_t k = 0; k < words.size(); ++k)
    if (slot[words[k]] < 0) slot[words[k]] = static_cast<int>(k);
  std::vector<std::vector<std::uint32_t>> occ(words.size());
  for (std::size_t i = 0; i < t.seq.size(); ++i)
    if (int k = slot[t.seq[i]]; k >= 0) occ[static_cast<std::size_t>(k)].push_back(static_cast<std::uint32_t>(i));
  // A word listed twice gets the same list twice, as the reference would compute it twice.
  for (std::size_t k = 0; k < words.size(); ++k)
    if (occ[k].empty() && slot[words[k]] != static_cast<int>(k))
      occ[k] = occ[static_cast<std::size_t>(slot[words[k]])];
  return occ;
}

std::vector<std::uint32_t> top_word_ids(const text::Tokens& t,
                                        const std::vector<std::string>& words,
                                        const std::string& origin) {
  std::unordered_map<std::string_view, std::uint32_t> ids;
  for (std::uint32_t i = 0; i < t.vocab.size(); ++i) ids.emplace(t.vocab[i], i);
  std::vector<std::uint32_t> out;
  for (const auto& w : words) {
    auto it = ids.find(w);
    if (it == ids.end())
      throw UsageError(fmt::format("{}: word '{}' of the counts does not occur in the book", origin, w));
    out.push_back(it->second);
  }
  return out;
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

std::vector<double> average_acf(Comm& c, const std::vector<std::vector<std::uint32_t>>& occ,
                                std::size_t timesteps) {
  auto rows = map(c, occ.size(), [&](std::size_t k) { return word_acf(occ[k], timesteps); });
  if (c.rank() != 0) return {};
  return average(rows, timesteps);
}

std::vector<double> average_acf(const Team& team,
                                const std::vector<std::vector<std::uint32_t>>& occ,
                                std::size_t timesteps) {
  return run(team, [&](Comm& c) { return average_acf(c, occ, timesteps); });
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
