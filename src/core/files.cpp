#include "parkit/files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "core/sys.hpp"
#include "parkit/errors.hpp"

namespace parkit {

namespace {

// Opens a regular file for reading; UsageError names the path and what is wrong with it.
std::pair<sys::Fd, std::size_t> open_for_reading(const std::string& path) {
  sys::Fd fd;
  if (int e = sys::open_file(path, O_RDONLY, fd))
    throw UsageError(fmt::format("{}: cannot open: {}", path, sys::error_text(e)));
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
  if (int e = sys::read_to_end(fd.get(), out))
    throw UsageError(fmt::format("{}: cannot read: {}", path, sys::error_text(e)));
  return out;
}

MappedFile::MappedFile(const std::string& path) {
  auto [fd, size] = open_for_reading(path);
  size_ = size;
  if (size_ == 0) return;
  data_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd.get(), 0);
  if (data_ == MAP_FAILED) {
    data_ = nullptr;
    throw UsageError(fmt::format("{}: cannot read: {}", path, sys::error_text(errno)));
  }
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(data_, size_);
}

std::string temporary_name(const std::string& path) {
  return fmt::format("{}.tmp.{}", path, ::getpid());
}

void commit_temporary(const std::string& tmp, const std::string& path) {
  if (int e = sys::rename_file(tmp, path)) {
    sys::remove_file(tmp);
    throw Error(fmt::format("{}: cannot write: {}", path, sys::error_text(e)));
  }
}

TempDir::TempDir(std::string_view prefix) {
  const char* env = std::getenv("TMPDIR");  // NOLINT(concurrency-mt-unsafe): nobody sets it
  std::string base = env && *env ? env : "/tmp";
  std::string tmpl = fmt::format("{}/{}-XXXXXX", base, prefix);
  if (int e = sys::make_temp_dir(tmpl))
    throw Error(
        fmt::format("cannot create a temporary directory in {}: {}", base, sys::error_text(e)));
  path_ = std::move(tmpl);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void write_file_atomic(const std::string& path, std::string_view content) {
  std::string tmp = temporary_name(path);
  sys::Fd fd;
  if (int e = sys::open_file(tmp, O_WRONLY | O_CREAT | O_TRUNC, fd))
    throw Error(fmt::format("{}: cannot create: {}", path, sys::error_text(e)));
  int err = sys::write_all(fd.get(), content);
  if (int e = sys::close_fd(fd); e && !err) err = e;
  if (err) {
    sys::remove_file(tmp);
    throw Error(fmt::format("{}: cannot write: {}", path, sys::error_text(err)));
  }
  commit_temporary(tmp, path);
}

}  // namespace parkit
