// Compiled by ctest with -fsyntax-only: without a CASE_ macro it must compile (the control),
// with one it must not (TeamPool's static_asserts: tasks are named, not copied).
#include <vector>

#include "parkit/team_pool.hpp"

namespace {
int twice(int x) { return 2 * x; }
}  // namespace

void use(parkit::TeamPool& pool) {
  pool.map(twice, std::vector<int>{1, 2});
  pool.map([](int x) { return x + 1; }, std::vector<int>{1});
#if defined(CASE_capturing_lambda)
  int offset = 3;  // a capture would mean nothing on another machine
  pool.map([offset](int x) { return x + offset; }, std::vector<int>{1});
#endif
}
