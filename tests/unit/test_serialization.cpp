#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "parkit/serialization.hpp"

using namespace parkit;

namespace {
struct Pod {
  int a;
  double b;
  bool operator==(const Pod&) const = default;
};
struct Obj {
  std::string name;
  std::vector<int> xs;
  template <class Ar>
  void serialize(Ar& ar) {
    ar(name, xs);
  }
  bool operator==(const Obj&) const = default;
};
struct NotSerializable {
  std::string s;
};
}  // namespace

static_assert(Serializable<int> && Serializable<Pod> && Serializable<Obj>);
static_assert(Serializable<std::map<std::string, std::vector<double>>>);
static_assert(!Serializable<NotSerializable>);

TEST(Serialization, TriviallyCopyableGoesAsRawBytes) {
  Pod p{3, 2.5};
  Bytes b = to_bytes(p);
  EXPECT_EQ(b.size(), sizeof(Pod));
  EXPECT_EQ(from_bytes<Pod>(b), p);
}

TEST(Serialization, VectorOfTrivialIsLengthPlusRawBytes) {
  std::vector<double> v{1.0, -2.0, 3.5};
  Bytes b = to_bytes(v);
  EXPECT_EQ(b.size(), sizeof(std::uint64_t) + 3 * sizeof(double));
  EXPECT_EQ(from_bytes<std::vector<double>>(b), v);
}

TEST(Serialization, ObjectsRoundTripThroughCereal) {
  Obj o{"héllo", {1, 2, 3}};
  EXPECT_EQ(from_bytes<Obj>(to_bytes(o)), o);
  std::map<std::string, std::tuple<int, std::string>> m{{"a", {1, "x"}}, {"b", {2, "y"}}};
  EXPECT_EQ((from_bytes<decltype(m)>(to_bytes(m))), m);
  std::vector<bool> vb{true, false, true};
  EXPECT_EQ(from_bytes<std::vector<bool>>(to_bytes(vb)), vb);
}

TEST(Serialization, ConcatenatedValuesReadBackInOrder) {
  Bytes b;
  append_bytes(b, std::string("first"));
  append_bytes(b, std::vector<int>{4, 5});
  append_bytes(b, 7);
  std::span<const std::byte> in(b);
  std::string s;
  std::vector<int> v;
  int x = 0;
  in = in.subspan(read_bytes(in, s));
  in = in.subspan(read_bytes(in, v));
  in = in.subspan(read_bytes(in, x));
  EXPECT_EQ(s, "first");
  EXPECT_EQ(v, (std::vector<int>{4, 5}));
  EXPECT_EQ(x, 7);
  EXPECT_TRUE(in.empty());
}

TEST(Serialization, ShortOrCorruptInputThrowsCommError) {
  Bytes b(3);
  EXPECT_THROW(from_bytes<double>(b), CommError);
  Bytes v = to_bytes(std::vector<double>{1, 2, 3});
  v.resize(v.size() - 1);
  EXPECT_THROW(from_bytes<std::vector<double>>(v), CommError);
  Bytes s = to_bytes(std::string(100, 'x'));
  s.resize(20);
  EXPECT_THROW(from_bytes<std::string>(s), CommError);
}
