// The examples print what the tutorials' programs print: print(a, b, c) joins with one space,
// so print("rank ", 1, "data = ", d) is "rank  1 data =  {...}", and NumPy arrays appear as
// str() shows them (text::numpy_str).
#include "parkit/workloads/mpi_examples.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <cereal/types/complex.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>

#include <algorithm>
#include <complex>
#include <functional>
#include <stdexcept>

#include "parkit/errors.hpp"
#include "parkit/run.hpp"
#include "parkit/text/numpy_str.hpp"
#include "parkit/text/pyfloat.hpp"

namespace parkit::workloads {

namespace {

void check(bool ok, int rank, std::string_view what) {
  if (!ok) throw std::runtime_error(fmt::format("rank {}: {} is wrong", rank, what));
}

// The tutorial's dict {'a': 7, 'b': 3.14}: an int and a float.
struct SmallDict {
  int a = 0;
  double b = 0;
  bool operator==(const SmallDict&) const = default;
  template <class Ar>
  void serialize(Ar& ar) {
    ar(a, b);
  }
  std::string repr() const { return fmt::format("{{'a': {}, 'b': {}}}", a, text::python_repr(b)); }
};

// The tutorial's nested dict {'key1': [7, 2.72, 2+3j], 'key2': ('abc', 'xyz')}.
struct NestedDict {
  int k1_int = 0;
  double k1_float = 0;
  std::complex<double> k1_complex;
  std::pair<std::string, std::string> key2;
  bool operator==(const NestedDict&) const = default;
  template <class Ar>
  void serialize(Ar& ar) {
    ar(k1_int, k1_float, k1_complex, key2);
  }
  // Python writes a complex's whole parts without ".0": (2+3j).
  static std::string part(double x) {
    std::string s = text::python_repr(x);
    return s.ends_with(".0") ? s.substr(0, s.size() - 2) : s;
  }
  std::string repr() const {
    return fmt::format("{{'key1': [{}, {}, ({}+{}j)], 'key2': ('{}', '{}')}}", k1_int,
                       text::python_repr(k1_float), part(k1_complex.real()),
                       part(k1_complex.imag()), key2.first, key2.second);
  }
};

const SmallDict kSmallDict{7, 3.14};
const NestedDict kNestedDict{7, 2.72, {2, 3}, {"abc", "xyz"}};

std::vector<int> arange(int n, int times = 1) {
  std::vector<int> v(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = i * times;
  return v;
}

// print("rank ", r, "data = ", obj): the object form's line.
std::string object_line(int rank, const std::string& repr) {
  return fmt::format("rank  {} data =  {}\n", rank, repr);
}
// print("Rank ", r, " data ", array): the buffer form's line.
std::string buffer_line(int rank, const std::string& array, std::string_view label = "data") {
  return fmt::format("Rank  {}  {}  {}\n", rank, label, array);
}

using Lines = std::string;

Lines hello(Comm& c) {
  return fmt::format("Hello from process {} out of {}\n", c.rank(), c.size());
}

std::string hello_from(int rank) { return fmt::format("Hello World, I'm rank {}", rank); }

Lines send_strings(Comm& c) {
  if (c.rank() != 0) {
    c.send(hello_from(c.rank()), 0, 0);  // comm.send(message, dest=0, tag=0)
    return {};
  }
  Lines out;
  for (int sender = 1; sender < c.size(); ++sender) {
    auto message = c.recv<std::string>(sender, 0);  // comm.recv(source=sender, tag=0)
    check(message == hello_from(sender), 0, "a received message");
    out += message + "\n";
  }
  return out;
}

Lines bcast_string(Comm& c) {
  std::string message = c.rank() == 0 ? "Hello World from rank 0" : "";
  c.bcast(message, 0);  // receive_message = comm.bcast(send_message, root=0)
  check(message == "Hello World from rank 0", c.rank(), "the broadcast message");
  if (c.rank() == 0) return {};
  return fmt::format("rank {} received message: {}\n", c.rank(), message);
}

Lines gather_strings(Comm& c) {
  auto all = c.gather(hello_from(c.rank()), 0);  // comm.gather(send_message, root=0)
  if (c.rank() != 0) return {};
  Lines out;
  for (int i = 0; i < c.size(); ++i) {
    check(all[static_cast<std::size_t>(i)] == hello_from(i), 0, "the gathered list");
    out += all[static_cast<std::size_t>(i)] + "\n";
  }
  return out;
}

Lines scatter_strings(Comm& c) {
  auto to = [](int i) { return fmt::format("Hello World from rank 0 to rank {}", i); };
  std::vector<std::string> sendbuf;
  if (c.rank() == 0)
    for (int i = 0; i < c.size(); ++i) sendbuf.push_back(to(i));
  auto mine = c.scatter(sendbuf, 0);  // recvbuf = comm.scatter(sendbuf, root=0)
  check(mine == to(c.rank()), c.rank(), "the scattered message");
  return fmt::format("rank {} received message: {}\n", c.rank(), mine);
}

Lines sendrecv(Comm& c) {
  if (c.size() < 2) throw UsageError("mpi sendrecv needs at least 2 ranks (mpirun -np 2 ...)");
  std::vector<double> floats(10);
  for (std::size_t i = 0; i < floats.size(); ++i) floats[i] = static_cast<double>(i);
  if (c.rank() == 0) {
    c.send(kSmallDict, 1, 11);                        // comm.send(data, dest=1, tag=11)
    c.send(std::span<const int>(arange(10)), 1, 77);  // comm.Send([data, MPI.INT], 1, tag=77)
    c.send(std::span<const double>(floats), 1, 13);   // comm.Send(data, dest=1, tag=13)
    return {};
  }
  if (c.rank() != 1) return {};
  auto dict = c.recv<SmallDict>(0, 11);
  std::vector<int> ints(10);
  c.recv(std::span<int>(ints), 0, 77);
  std::vector<double> got(10);
  c.recv(std::span<double>(got), 0, 13);
  check(dict == kSmallDict, 1, "the received dict");
  check(ints == arange(10), 1, "the received int32 array");
  check(got == floats, 1, "the received float64 array");
  return object_line(1, dict.repr()) + buffer_line(1, text::numpy_str(ints)) +
         buffer_line(1, text::numpy_str(got), "data.");
}

Lines bcast(Comm& c) {
  NestedDict data;
  if (c.rank() == 0) data = kNestedDict;
  c.bcast(data, 0);  // data = comm.bcast(data, root=0)
  check(data == kNestedDict, c.rank(), "the broadcast dict");
  std::vector<int> buf(10);
  if (c.rank() == 0) buf = arange(10);
  c.bcast(std::span<int>(buf), 0);  // comm.Bcast(data, root=0)
  check(buf == arange(10), c.rank(), "the broadcast buffer");
  return object_line(c.rank(), data.repr()) + buffer_line(c.rank(), text::numpy_str(buf));
}

Lines scatter(Comm& c) {
  const int r = c.rank();
  std::vector<int> data;
  if (r == 0)
    for (int i = 0; i < c.size(); ++i) data.push_back((i + 1) * (i + 1));
  int mine = c.scatter(data, 0);  // data = comm.scatter(data, root=0)
  check(mine == (r + 1) * (r + 1), r, "the scattered value");
  std::vector<int> sendbuf;  // np.empty([size, 10]); sendbuf.T[:, :] = range(size)
  if (r == 0)
    for (int i = 0; i < c.size(); ++i) sendbuf.insert(sendbuf.end(), 10, i);
  std::vector<int> recvbuf(10);
  c.scatter(std::span<const int>(sendbuf), std::span<int>(recvbuf), 0);  // comm.Scatter
  check(recvbuf == std::vector<int>(10, r), r, "the scattered buffer");
  return object_line(r, std::to_string(mine)) + buffer_line(r, text::numpy_str(recvbuf));
}

Lines gather(Comm& c) {
  const int r = c.rank();
  auto data = c.gather((r + 1) * (r + 1), 0);  // data = comm.gather(data, root=0)
  std::vector<int> sendbuf(10, r), recvbuf(r == 0 ? 10 * static_cast<std::size_t>(c.size()) : 0);
  c.gather(std::span<const int>(sendbuf), std::span<int>(recvbuf), 0);  // comm.Gather
  if (r != 0) return {};
  for (int i = 0; i < c.size(); ++i) {
    check(data[static_cast<std::size_t>(i)] == (i + 1) * (i + 1), 0, "the gathered list");
    for (int k = 0; k < 10; ++k)
      check(recvbuf[(static_cast<std::size_t>(i) * 10) + static_cast<std::size_t>(k)] == i, 0,
            "the gathered buffer");
  }
  return object_line(0, fmt::format("[{}]", fmt::join(data, ", "))) +
         buffer_line(0, text::numpy_str(recvbuf, static_cast<std::size_t>(c.size())));
}

// reduce: comm.reduce(rank + 1, op=MPI.SUM, root=0) and comm.Reduce(arange(10) * (rank + 1),
// recvbuf, op=MPI.SUM, root=0), printed on root.
Lines reduce(Comm& c) {
  const int r = c.rank(), p = c.size(), total = p * (p + 1) / 2;
  auto sum = c.reduce(r + 1, std::plus<>(), 0);
  std::vector<int> sendbuf = arange(10, r + 1), recvbuf(10);
  c.reduce(std::span<const int>(sendbuf), std::span<int>(recvbuf), std::plus<>(), 0);
  if (r != 0) return {};
  check(sum && *sum == total, 0, "the sum");
  check(recvbuf == arange(10, total), 0, "the summed buffer");
  return object_line(0, std::to_string(*sum)) + buffer_line(0, text::numpy_str(recvbuf));
}

// allreduce: comm.allreduce(rank + 1, op=MPI.SUM), then the tutorial's in-place
// comm.Allreduce(MPI.IN_PLACE, data, op=MPI.SUM) of data = np.arange(10) * 0.1 * rank.
Lines allreduce(Comm& c) {
  const int r = c.rank(), p = c.size();
  int sum = c.allreduce(r + 1, std::plus<>());
  check(sum == p * (p + 1) / 2, r, "the sum");
  std::vector<double> data(10);
  for (std::size_t k = 0; k < data.size(); ++k) data[k] = static_cast<double>(k) * 0.1 * r;
  Lines out = object_line(r, std::to_string(sum)) + buffer_line(r, text::numpy_str(data), "before");
  c.allreduce(std::span<double>(data), std::plus<>());
  for (std::size_t k = 0; k < data.size(); ++k) {
    double expect = 0;
    for (int q = 0; q < p; ++q) expect += static_cast<double>(k) * 0.1 * q;  // rank order
    check(data[k] == expect, r, "the in-place sum");
  }
  return out + buffer_line(r, text::numpy_str(data), "after");
}

using Example = Lines (*)(Comm&);
// The one list of examples, in the order --help names them.
const std::vector<std::pair<std::string, Example>>& examples() {
  static const std::vector<std::pair<std::string, Example>> all{
      {"hello", hello},
      {"send-strings", send_strings},
      {"bcast-string", bcast_string},
      {"gather-strings", gather_strings},
      {"scatter-strings", scatter_strings},
      {"sendrecv", sendrecv},
      {"bcast", bcast},
      {"scatter", scatter},
      {"gather", gather},
      {"reduce", reduce},
      {"allreduce", allreduce}};
  return all;
}

}  // namespace

const std::vector<std::string>& mpi_example_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& e : examples()) n.push_back(e.first);
    return n;
  }();
  return names;
}

std::string mpi_example(Comm& c, std::string_view name) {
  auto it = std::find_if(examples().begin(), examples().end(),
                         [&](const auto& e) { return e.first == name; });
  if (it == examples().end())
    throw UsageError(fmt::format("unknown MPI example '{}' (expected {})", name,
                                 fmt::join(mpi_example_names(), ", ")));
  Lines mine = it->second(c);
  std::string out;
  for (auto& lines : c.gather(mine, 0)) out += lines;  // rank order, printed once
  return out;
}

std::string mpi_example(const Team& team, std::string_view name) {
  return run(team, [&](Comm& c) { return mpi_example(c, name); });
}

}  // namespace parkit::workloads
