// cereal's binary input archive, with one check more: a container's size is a claim made by the
// sender, so it must fit in the bytes that are left (every element of a binary encoding takes at
// least one byte). cereal's own archive resizes the container to whatever the message says first:
// eight hostile bytes could make a rank allocate 2^60 elements. Found by the fuzz target
// fuzz_decode (issue 9). Bools are checked too.
#pragma once

#include <cereal/cereal.hpp>

#include <istream>
#include <string>

namespace parkit::detail {

class CheckedInputArchive
    : public cereal::InputArchive<CheckedInputArchive, cereal::AllowEmptyClassElision> {
 public:
  explicit CheckedInputArchive(std::istream& stream)
      : cereal::InputArchive<CheckedInputArchive, cereal::AllowEmptyClassElision>(this),
        stream_(stream) {}

  void loadBinary(void* const data, std::streamsize size) {
    if (stream_.rdbuf()->sgetn(static_cast<char*>(data), size) != size)
      throw cereal::Exception("the message ends in the middle of a value");
  }
  // Bytes not read yet (the source is a whole message in memory).
  std::streamsize left() { return stream_.rdbuf()->in_avail(); }

 private:
  std::istream& stream_;
};

// A bool is one byte, 0 or 1: any other value read into a bool is undefined behaviour (found by
// fuzz_decode in a std::optional's "engaged" flag).
inline void CEREAL_LOAD_FUNCTION_NAME(CheckedInputArchive& ar, bool& b) {
  unsigned char byte = 0;
  ar.loadBinary(&byte, 1);
  if (byte > 1) throw cereal::Exception("a bool that is neither 0 nor 1");
  b = byte != 0;
}

template <class T>
std::enable_if_t<std::is_arithmetic_v<T>> CEREAL_LOAD_FUNCTION_NAME(CheckedInputArchive& ar, T& t) {
  ar.loadBinary(std::addressof(t), sizeof(t));
}

template <class T>
void CEREAL_LOAD_FUNCTION_NAME(CheckedInputArchive& ar, cereal::NameValuePair<T>& t) {
  ar(t.value);
}

template <class T>
void CEREAL_LOAD_FUNCTION_NAME(CheckedInputArchive& ar, cereal::SizeTag<T>& t) {
  ar(t.size);
  auto left = ar.left();
  if (left < 0 || static_cast<unsigned long long>(t.size) > static_cast<unsigned long long>(left))
    throw cereal::Exception("a size of " + std::to_string(t.size) + " with " +
                            std::to_string(left) + " bytes left");
}

template <class T>
void CEREAL_LOAD_FUNCTION_NAME(CheckedInputArchive& ar, cereal::BinaryData<T>& bd) {
  ar.loadBinary(bd.data, static_cast<std::streamsize>(bd.size));
}

}  // namespace parkit::detail

namespace cereal::traits::detail {
template <>
struct get_output_from_input<parkit::detail::CheckedInputArchive> {
  using type = cereal::BinaryOutputArchive;
};
}  // namespace cereal::traits::detail
