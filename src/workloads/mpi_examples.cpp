#include "parkit/workloads/mpi_examples.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>

#include <functional>
#include <map>
#include <numeric>
#include <stdexcept>

#include "parkit/errors.hpp"
#include "parkit/run.hpp"

namespace parkit::workloads {

namespace {

void check(bool ok, int rank, std::string_view what) {
  if (!ok) throw std::runtime_error(fmt::format("rank {}: {} is wrong", rank, what));
}

std::vector<int> iota_ints(int n, int start = 0) {
  std::vector<int> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), start);
  return v;
}

// Python's repr of a dict of str -> float, as the tutorial prints it.
std::string repr(const std::map<std::string, double>& d) {
  std::string out = "{";
  for (const auto& [k, v] : d) out += fmt::format("{}'{}': {}", out.size() > 1 ? ", " : "", k, v);
  return out + "}";
}

using Lines = std::string;

Lines hello(Comm& c) {
  return fmt::format("Hello from rank {} of {} ({})\n", c.rank(), c.size(), c.transport());
}

Lines sendrecv(Comm& c) {
  if (c.size() < 2) throw UsageError("mpi sendrecv needs at least 2 ranks (mpirun -np 2 ...)");
  const std::map<std::string, double> data{{"a", 7}, {"b", 3.14}};
  std::vector<double> numbers(10);
  std::iota(numbers.begin(), numbers.end(), 0.0);
  if (c.rank() == 0) {
    c.send(data, 1, 11);                              // comm.send(data, dest=1, tag=11)
    c.send(std::span<const double>(numbers), 1, 12);  // comm.Send([numbers, MPI.DOUBLE], 1)
    return fmt::format("rank 0 sent {} and an array of {} doubles to rank 1\n", repr(data),
                       numbers.size());
  }
  if (c.rank() != 1) return {};
  auto got = c.recv<std::map<std::string, double>>(0, 11);
  std::vector<double> into(10);
  c.recv(std::span<double>(into), 0, 12);
  check(got == data, 1, "the received object");
  check(into == numbers, 1, "the received array");
  return fmt::format("rank 1 received {}\nrank 1 received array [{}]\n", repr(got),
                     fmt::join(into, ", "));
}

Lines bcast(Comm& c) {
  std::map<std::string, double> data;
  if (c.rank() == 0) data = {{"key1", 7}, {"key2", 2.72}};
  c.bcast(data, 0);  // data = comm.bcast(data, root=0)
  check(data == std::map<std::string, double>{{"key1", 7}, {"key2", 2.72}}, c.rank(), "the object");
  std::vector<int> buf(100);
  if (c.rank() == 0) buf = iota_ints(100);
  c.bcast(std::span<int>(buf), 0);  // comm.Bcast(buf, root=0)
  check(buf == iota_ints(100), c.rank(), "the buffer");
  return fmt::format("rank {}: data = {}, buffer [0..99] ok\n", c.rank(), repr(data));
}

Lines scatter(Comm& c) {
  std::vector<int> data;
  if (c.rank() == 0)
    for (int i = 0; i < c.size(); ++i) data.push_back((i + 1) * (i + 1));
  int mine = c.scatter(data, 0);  // data = comm.scatter(data, root=0)
  check(mine == (c.rank() + 1) * (c.rank() + 1), c.rank(), "the scattered value");
  std::vector<int> send;
  if (c.rank() == 0)
    for (int i = 0; i < c.size(); ++i) send.insert(send.end(), 100, i);
  std::vector<int> recv(100);
  c.scatter(std::span<const int>(send), std::span<int>(recv), 0);  // comm.Scatter(send, recv)
  check(recv == std::vector<int>(100, c.rank()), c.rank(), "the scattered buffer");
  return fmt::format("rank {}: data = {}, buffer of 100 x {} ok\n", c.rank(), mine, c.rank());
}

Lines gather(Comm& c) {
  int r = c.rank();
  auto data = c.gather((r + 1) * (r + 1), 0);  // data = comm.gather(data, root=0)
  std::vector<int> send(100, r), recv(c.rank() == 0 ? 100 * c.size() : 0);
  c.gather(std::span<const int>(send), std::span<int>(recv), 0);  // comm.Gather(send, recv)
  if (r != 0) return {};
  for (int i = 0; i < c.size(); ++i) {
    check(data[i] == (i + 1) * (i + 1), 0, "the gathered list");
    for (int k = 0; k < 100; ++k) check(recv[i * 100 + k] == i, 0, "the gathered buffer");
  }
  return fmt::format("rank 0: data = [{}], buffer rows 0..{} ok\n", fmt::join(data, ", "),
                     c.size() - 1);
}

Lines reduce(Comm& c, bool all) {
  int r = c.rank(), p = c.size();
  int expect = p * (p + 1) / 2;
  std::vector<double> send(10, r + 1.0), recv(10);
  std::optional<int> sum;
  if (all) {
    sum = c.allreduce(r + 1, std::plus<>());  // comm.allreduce(rank + 1, op=MPI.SUM)
    c.allreduce(std::span<const double>(send), std::span<double>(recv), std::plus<>());
  } else {
    sum = c.reduce(r + 1, std::plus<>(), 0);  // comm.reduce(rank + 1, op=MPI.SUM, root=0)
    c.reduce(std::span<const double>(send), std::span<double>(recv), std::plus<>(), 0);
    if (r != 0) return {};
  }
  check(sum && *sum == expect, r, "the sum");
  check(recv == std::vector<double>(10, expect), r, "the summed buffer");
  return fmt::format("rank {}: sum of 1..{} = {}, buffer [{}] x 10 ok\n", r, p, *sum,
                     double(expect));
}

}  // namespace

const std::vector<std::string>& mpi_example_names() {
  static const std::vector<std::string> names{"hello",  "sendrecv", "bcast",    "scatter",
                                              "gather", "reduce",   "allreduce"};
  return names;
}

std::string mpi_example(Comm& c, std::string_view name) {
  Lines mine;
  if (name == "hello")
    mine = hello(c);
  else if (name == "sendrecv")
    mine = sendrecv(c);
  else if (name == "bcast")
    mine = bcast(c);
  else if (name == "scatter")
    mine = scatter(c);
  else if (name == "gather")
    mine = gather(c);
  else if (name == "reduce")
    mine = reduce(c, false);
  else if (name == "allreduce")
    mine = reduce(c, true);
  else
    throw UsageError(fmt::format("unknown MPI example '{}' (expected {})", name,
                                 fmt::join(mpi_example_names(), ", ")));
  std::string out;
  for (auto& lines : c.gather(mine, 0)) out += lines;  // rank order, printed once
  return out;
}

std::string mpi_example(const Team& team, std::string_view name) {
  return run(team, [&](Comm& c) { return mpi_example(c, name); });
}

}  // namespace parkit::workloads
