#include "parkit/shared_array.hpp"

#include <pthread.h>

#include <cerrno>

#include "core/sys.hpp"
#include "parkit/errors.hpp"

namespace parkit::detail {

namespace {
// The mutex goes first, on its own cache line; the data after it.
constexpr std::size_t data_offset = 64;
static_assert(sizeof(pthread_mutex_t) <= data_offset);
pthread_mutex_t* mutex_at(void* base) { return static_cast<pthread_mutex_t*>(base); }
}  // namespace

SharedBlock::SharedBlock(std::size_t bytes) : bytes_(bytes + data_offset) {
  base_ = sys::map_shared(bytes_);  // zeroed by the kernel; throws Error
  data_ = static_cast<char*>(base_) + data_offset;
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(mutex_at(base_), &attr);
  pthread_mutexattr_destroy(&attr);
}

SharedBlock::~SharedBlock() {
  // Not destroyed: a child may still hold the mapping (and the lock) after we unmap our view.
  sys::unmap(base_, bytes_);
}

void SharedBlock::lock() {
  int e = pthread_mutex_lock(mutex_at(base_));
  if (e == EOWNERDEAD) e = pthread_mutex_consistent(mutex_at(base_));
  if (e != 0) throw Error("shared lock: " + sys::error_text(e));
}

bool SharedBlock::try_lock() {
  int e = pthread_mutex_trylock(mutex_at(base_));
  if (e == EBUSY) return false;
  if (e == EOWNERDEAD) e = pthread_mutex_consistent(mutex_at(base_));
  if (e != 0) throw Error("shared lock: " + sys::error_text(e));
  return true;
}

void SharedBlock::unlock() noexcept { pthread_mutex_unlock(mutex_at(base_)); }

}  // namespace parkit::detail
