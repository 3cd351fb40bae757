// The README's example, compiled with the project so it stays true.
#include <parkit/map.hpp>
#include <parkit/process_pool.hpp>

#include <cstdio>
#include <functional>
#include <vector>

double f(std::size_t i) { return 1.0 / (1.0 + static_cast<double>(i)); }
int square(int x) { return x * x; }

int main() {
  auto team = parkit::make_team(parkit::Backend::processes, 4);
  double s =
      parkit::map_reduce(team, 1'000'000, f, 0.0, std::plus<>());  // = the serial sum, bit for bit

  parkit::run(team, [](parkit::Comm& c) {  // SPMD, like mpi4py
    auto ranks = c.gather(c.rank());       // on rank 0: {0, 1, 2, 3}
    int total = c.allreduce(c.rank(), std::plus<>());
    if (c.rank() == 0) std::printf("gathered %zu ranks, total %d\n", ranks.size(), total);
  });

  parkit::ProcessPool pool(4);  // kept warm across calls
  auto squares = pool.map(square, std::vector<int>{1, 2, 3}, /*chunksize=*/1);
  auto fut = pool.submit(square, 7);
  std::printf("sum %.6f, squares %d %d %d, submit %d\n", s, squares[0], squares[1], squares[2],
              fut.get());
}
