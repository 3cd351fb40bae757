// multiprocessing.Array and Value: memory that a process and the children it forks afterwards
// share (anonymous MAP_SHARED: no /dev/shm name, gone with the last process that maps it), with
// a lock that works across those processes.
//
//   parkit::SharedArray<double> a(1000);  // zeroed
//   parkit::Process p([&] { auto held = a.lock(); a[0] += 1; });
//
// T must be trivially copyable (the bytes are what is shared). The lock is a process-shared,
// robust mutex: if a process dies holding it, the next locker gets it (and the data as the dead
// process left it) instead of waiting forever.
#pragma once

#include <cstddef>
#include <mutex>
#include <span>
#include <type_traits>

namespace parkit {

namespace detail {
class SharedBlock {
 public:
  explicit SharedBlock(std::size_t bytes);  // zeroed; throws Error
  ~SharedBlock();
  SharedBlock(const SharedBlock&) = delete;
  SharedBlock& operator=(const SharedBlock&) = delete;
  void* data() const noexcept { return data_; }
  void lock();
  void unlock() noexcept;
  bool try_lock();

 private:
  void* base_ = nullptr;  // the mutex, then the data
  void* data_ = nullptr;
  std::size_t bytes_ = 0;
};
}  // namespace detail

template <class T>
class SharedArray {
  static_assert(std::is_trivially_copyable_v<T>, "SharedArray<T> needs a trivially copyable T");

 public:
  explicit SharedArray(std::size_t n) : block_(n * sizeof(T) + (n == 0)), n_(n) {}
  std::size_t size() const noexcept { return n_; }
  T* data() noexcept { return static_cast<T*>(block_.data()); }
  const T* data() const noexcept { return static_cast<const T*>(block_.data()); }
  T& operator[](std::size_t i) noexcept { return data()[i]; }
  const T& operator[](std::size_t i) const noexcept { return data()[i]; }
  std::span<T> span() noexcept { return {data(), n_}; }
  // Holds the array's lock until the returned guard goes (every process sees the same lock).
  std::unique_lock<detail::SharedBlock> lock() { return std::unique_lock(block_); }

 private:
  detail::SharedBlock block_;
  std::size_t n_;
};

template <class T>
class SharedValue {
 public:
  explicit SharedValue(T initial = T{}) : a_(1) { a_[0] = initial; }
  T& value() noexcept { return a_[0]; }
  auto lock() { return a_.lock(); }

 private:
  SharedArray<T> a_;
};

}  // namespace parkit
