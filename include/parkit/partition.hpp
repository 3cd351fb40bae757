// How n tasks are split among p ranks: the tutorials' block rule and chunk sizes.
#pragma once

#include <algorithm>
#include <cstddef>

namespace parkit {

struct Range {
  std::size_t begin = 0, end = 0;
  std::size_t size() const noexcept { return end - begin; }
  bool operator==(const Range&) const = default;
};

// Block partition with the tutorials' remainder rule: the first n % p ranks get one task more.
constexpr Range block_range(std::size_t n, std::size_t p, std::size_t r) noexcept {
  std::size_t base = n / p, rem = n % p;
  std::size_t begin = r * base + std::min(r, rem);
  return {begin, begin + base + (r < rem ? 1 : 0)};
}

// Python's multiprocessing default: n / (4 * workers), rounded up, at least 1.
constexpr std::size_t default_chunksize(std::size_t n, std::size_t workers) noexcept {
  std::size_t d = 4 * std::max<std::size_t>(workers, 1);
  return std::max<std::size_t>(1, (n + d - 1) / d);
}

constexpr std::size_t chunk_count(std::size_t n, std::size_t chunk) noexcept {
  return (n + chunk - 1) / chunk;
}

}  // namespace parkit
