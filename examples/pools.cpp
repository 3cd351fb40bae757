// docs/models.md, "Thread and process pools": the tutorials' Pool.map, starmap, imap_unordered
// and apply_async, on a ThreadPool and a ProcessPool with the same calls.
#include <parkit/process_pool.hpp>
#include <parkit/thread_pool.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

int square(int x) { return x * x; }
double power(double x, double y) { return std::pow(x, y); }

template <class Pool>
void demo(const char* name, Pool& pool) {
  auto squares = pool.map(square, std::vector<int>{1, 2, 3, 4}, /*chunksize=*/2);
  auto powers = pool.starmap(power, std::vector<std::tuple<double, double>>{{2, 3}, {3, 2}});
  std::vector<int> done;  // in the order the tasks finish
  auto stream = pool.imap_unordered(square, std::vector<int>{5, 6, 7});
  while (auto r = stream.next()) done.push_back(*r);
  std::sort(done.begin(), done.end());
  auto later = pool.submit(square, 9);  // apply_async: a future
  std::printf("%s: map %d %d %d %d, starmap %g %g, imap_unordered %d %d %d, submit %d\n", name,
              squares[0], squares[1], squares[2], squares[3], powers[0], powers[1], done[0],
              done[1], done[2], later.get());
}

int main() {
  parkit::ThreadPool threads(2);
  demo("threads", threads);
  parkit::ProcessPool processes(2);  // tasks: plain functions; arguments serializable
  demo("processes", processes);
}
