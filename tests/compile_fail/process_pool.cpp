// Compiled by ctest with -fsyntax-only: without a CASE_ macro it must compile (the control),
// with one it must not (ProcessPool's static_asserts).
#include <string>
#include <vector>

#include "parkit/process_pool.hpp"

namespace {
struct Opaque {  // neither trivially copyable nor serialisable
  std::string s;
};
int twice(int x) { return 2 * x; }
}  // namespace

void use(parkit::ProcessPool& pool) {
  pool.map(twice, std::vector<int>{1, 2});
#if defined(CASE_capturing_string)
  std::string owned = "not trivially copyable";
  pool.map([owned](int x) { return x + static_cast<int>(owned.size()); }, std::vector<int>{1});
#elif defined(CASE_unserialisable_argument)
  pool.map([](const Opaque& o) { return o.s.size(); }, std::vector<Opaque>{{"x"}});
#endif
}
