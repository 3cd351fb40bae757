// Values to bytes and back. Trivially copyable values (and vectors of them) go as raw bytes,
// the mpi4py "buffer" path; every other type goes through cereal's binary archive, the
// "object" path. `Serializable<T>` is the compile-time gate every transport and pool uses.
#pragma once

#include <cereal/archives/binary.hpp>
#include <cereal/types/array.hpp>
#include <cereal/types/complex.hpp>
#include <cereal/types/deque.hpp>
#include <cereal/types/list.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/set.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/tuple.hpp>
#include <cereal/types/unordered_map.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/variant.hpp>
#include <cereal/types/vector.hpp>

#include <cstddef>
#include <cstring>
#include <span>
#include <streambuf>
#include <type_traits>
#include <vector>

#include "parkit/detail/checked_archive.hpp"
#include "parkit/errors.hpp"

namespace parkit {

using Bytes = std::vector<std::byte>;

template <class T>
inline constexpr bool is_vector_of_trivial_v = false;
template <class T, class A>
inline constexpr bool is_vector_of_trivial_v<std::vector<T, A>> =
    std::is_trivially_copyable_v<T> && !std::is_same_v<T, bool>;

template <class T>
concept TriviallySerializable = std::is_trivially_copyable_v<T>;

template <class T>
concept CerealSerializable =
    cereal::traits::is_output_serializable<T, cereal::BinaryOutputArchive>::value &&
    cereal::traits::is_input_serializable<T, detail::CheckedInputArchive>::value;

template <class T>
concept Serializable = TriviallySerializable<T> || CerealSerializable<T>;

namespace detail {

// resize + memcpy rather than vector::insert: g++ 12 warns falsely (-Wstringop-overflow) on the
// latter once inlined.
inline void append_raw(Bytes& out, const void* p, std::size_t n) {
  if (n == 0) return;
  std::size_t old = out.size();
  out.resize(old + n);
  std::memcpy(out.data() + old, p, n);
}

// std::streambuf over a growing byte vector / a read-only byte span, so cereal writes and reads
// our buffers without going through a std::string.
class ByteSink : public std::streambuf {
 public:
  explicit ByteSink(Bytes& out) : out_(out) {}

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    append_raw(out_, s, static_cast<std::size_t>(n));
    return n;
  }
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) out_.push_back(static_cast<std::byte>(c));
    return c;
  }

 private:
  Bytes& out_;
};

class ByteSource : public std::streambuf {
 public:
  explicit ByteSource(std::span<const std::byte> in) {
    auto* p = const_cast<char*>(reinterpret_cast<const char*>(in.data()));
    setg(p, p, p + in.size());
  }

 protected:
  // Only "where am I" is supported: enough for tellg(), which read_bytes uses.
  pos_type seekoff(off_type off, std::ios_base::seekdir dir, std::ios_base::openmode) override {
    if (off != 0 || dir != std::ios_base::cur) return pos_type(off_type(-1));
    return pos_type(gptr() - eback());
  }
};

}  // namespace detail

// Appends the encoding of `value` to `out`.
template <Serializable T>
void append_bytes(Bytes& out, const T& value) {
  if constexpr (TriviallySerializable<T>) {
    detail::append_raw(out, &value, sizeof(T));
  } else if constexpr (is_vector_of_trivial_v<T>) {
    std::uint64_t n = value.size();
    append_bytes(out, n);
    detail::append_raw(out, value.data(), n * sizeof(typename T::value_type));
  } else {
    detail::ByteSink sink(out);
    std::ostream os(&sink);
    cereal::BinaryOutputArchive ar(os);
    ar(value);
  }
}

template <Serializable T>
Bytes to_bytes(const T& value) {
  Bytes out;
  append_bytes(out, value);
  return out;
}

// Decodes a value from the front of `in`; returns how many bytes it used.
template <Serializable T>
std::size_t read_bytes(std::span<const std::byte> in, T& value) {
  if constexpr (TriviallySerializable<T>) {
    if (in.size() < sizeof(T)) throw CommError("message too short for the type received");
    std::memcpy(&value, in.data(), sizeof(T));
    return sizeof(T);
  } else if constexpr (is_vector_of_trivial_v<T>) {
    std::uint64_t n = 0;
    std::size_t used = read_bytes(in, n);
    using E = typename T::value_type;
    if ((in.size() - used) / sizeof(E) < n) throw CommError("message too short for the vector");
    value.resize(n);
    if (n) std::memcpy(value.data(), in.data() + used, n * sizeof(E));
    return used + n * sizeof(E);
  } else {
    detail::ByteSource src(in);
    std::istream is(&src);
    try {
      detail::CheckedInputArchive ar(is);
      ar(value);
    } catch (const cereal::Exception& e) {
      throw CommError(std::string("cannot decode message: ") + e.what());
    }
    auto pos = static_cast<std::streamoff>(is.tellg());
    return pos < 0 ? in.size() : static_cast<std::size_t>(pos);
  }
}

template <Serializable T>
T from_bytes(std::span<const std::byte> in) {
  T value{};
  read_bytes(in, value);
  return value;
}

}  // namespace parkit
