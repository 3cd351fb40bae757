#include "parkit/files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/sys.hpp"
#include "parkit/errors.hpp"

namespace parkit {

namespace {

// Opens a regular file for reading; UsageError names the path and what is wrong with it.
std::pair<sys::Fd, std::size_t> open_for_reading(const std::string& path) {
  sys::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throw UsageError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || S_ISDIR(st.st_mode))
    throw UsageError(fmt::format("{}: is a directory, not a file", path));
  return {std::move(fd), static_cast<std::size_t>(st.st_size)};
}

}  // namespace

std::string read_file(const std::string& path) {
  auto [fd, size] = open_for_reading(path);
  std::string out;
  // One byte more than the size, so that the read which sees the end needs no reallocation.
  out.resize(size + 1);
  std::size_t got = 0;
  for (;;) {
    if (got == out.size()) out.resize(out.size() * 2);  // the file grew meanwhile
    ssize_t n = ::read(fd.get(), out.data() + got, out.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw UsageError(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  out.resize(got);
  return out;
}

MappedFile::MappedFile(const std::string& path) {
  auto [fd, size] = open_for_reading(path);
  size_ = size;
  if (size_ == 0) return;
  data_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd.get(), 0);
  if (data_ == MAP_FAILED) {
    data_ = nullptr;
    throw UsageError(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  }
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(data_, size_);
}

std::string temporary_name(const std::string& path) {
  return fmt::format("{}.tmp.{}", path, ::getpid());
}

void commit_temporary(const std::string& tmp, const std::string& path) {
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    throw Error(fmt::format("{}: cannot write: {}", path, std::strerror(e)));
  }
}

void write_file_atomic(const std::string& path, std::string_view content) {
  std::string tmp = temporary_name(path);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw Error(fmt::format("{}: cannot create: {}", path, std::strerror(errno)));
  std::size_t done = 0;
  int err = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      err = errno;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0 && !err) err = errno;
  if (err) {
    ::unlink(tmp.c_str());
    throw Error(fmt::format("{}: cannot write: {}", path, std::strerror(err)));
  }
  commit_temporary(tmp, path);
}

}  // namespace parkit
