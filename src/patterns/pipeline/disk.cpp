#include "parkit/pipeline/disk.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/sys.hpp"
#include "parkit/errors.hpp"
#include "parkit/files.hpp"

namespace parkit::pipeline {

std::optional<std::int64_t> RealDisk::mtime(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

std::optional<std::string> RealDisk::read(const std::string& path) {
  if (!mtime(path)) return std::nullopt;
  return read_file(path);
}

void RealDisk::write_atomic(const std::string& path, std::string_view content) {
  write_file_atomic(path, content);
}

void RealDisk::append(const std::string& path, std::string_view line) {
  sys::Fd fd;
  int e = sys::open_file(path, O_WRONLY | O_CREAT | O_APPEND, fd);
  if (!e) {
    std::string text(line);
    text += '\n';
    e = sys::write_and_close(fd, text);  // one write for a line: O_APPEND keeps lines whole
  }
  if (e) throw Error(fmt::format("{}: cannot append: {}", path, sys::error_text(e)));
}

bool RealDisk::remove(const std::string& path) { return sys::remove_file(path) == 0; }

}  // namespace parkit::pipeline
