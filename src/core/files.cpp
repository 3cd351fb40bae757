#include "parkit/files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>

#include "core/sys.hpp"
#include "parkit/errors.hpp"
#include "parkit/interrupt.hpp"

namespace parkit {

namespace {

struct Opened {
  sys::Fd fd;
  std::size_t size = 0;
  bool regular = false;  // else a pipe, FIFO or device: its size says nothing
};

// Opens a file for reading; UsageError names the path and what is wrong with it.
Opened open_for_reading(const std::string& path) {
  sys::Fd fd;
  if (int e = sys::open_file(path, O_RDONLY, fd))
    throw UsageError(fmt::format("{}: cannot open: {}", path, sys::error_text(e)));
  sys::FileInfo info;
  if (int e = sys::file_info(fd.get(), info))
    throw UsageError(fmt::format("{}: cannot read: {}", path, sys::error_text(e)));
  if (info.type == sys::FileType::directory)
    throw UsageError(fmt::format("{}: is a directory, not a file", path));
  return {std::move(fd), info.size, info.type == sys::FileType::regular};
}

}  // namespace

std::string read_file(const std::string& path) {
  auto [fd, size, regular] = open_for_reading(path);  // read to the end either way
  (void)regular;
  std::string out;
  // One byte more than the size, so that the read which sees the end needs no reallocation.
  out.resize(size + 1);
  if (int e = sys::read_to_end(fd.get(), out))
    throw UsageError(fmt::format("{}: cannot read: {}", path, sys::error_text(e)));
  return out;
}

MappedFile::MappedFile(const std::string& path) {
  auto [fd, size, regular] = open_for_reading(path);
  if (!regular) {  // a pipe (wordcount <(zcat book.gz)) has no size to map: read it to the end
    if (int e = sys::read_to_end(fd.get(), owned_))
      throw UsageError(fmt::format("{}: cannot read: {}", path, sys::error_text(e)));
    data_ = owned_.data();
    size_ = owned_.size();
    return;
  }
  size_ = size;
  if (size_ == 0) return;
  const void* p = nullptr;
  if (int e = sys::map_file(fd.get(), size_, p))
    throw UsageError(fmt::format("{}: cannot read: {}", path, sys::error_text(e)));
  data_ = p;
  mapped_ = true;
}

void MappedFile::release(std::string_view part) const noexcept {
  const auto* begin = static_cast<const char*>(data_);
  if (!mapped_ || part.data() < begin || part.size() > size_ ||
      part.data() - begin > static_cast<std::ptrdiff_t>(size_ - part.size()))
    return;
  sys::drop_mapped_pages(part.data(), part.size());
}

MappedFile::~MappedFile() {
  if (mapped_) sys::unmap_file(data_, size_);
}

namespace {

// Where an output really goes. A FIFO or a character device (a pipe, /dev/null, /dev/full, a
// terminal) is written straight through: replacing it by a regular file would break it. A
// symbolic link is followed: the temporary file goes beside its target and is renamed onto the
// target, so the link stays. Anything else that is not a regular file is refused.
struct Output {
  std::string target;    // the file to replace (the link's target for a link)
  bool through = false;  // write straight into `target`, no temporary file
};

Output resolve_output(const std::string& path, int depth = 0) {
  sys::FileInfo info;
  if (int e = sys::path_info(path, info))
    throw Error(fmt::format("{}: cannot write: {}", path, sys::error_text(e)));
  if (info.symlink && info.type == sys::FileType::missing) {
    // A link to a file not made yet: follow it by hand (the target's directory must exist).
    if (depth > 40) throw UsageError(fmt::format("{}: too many levels of symbolic links", path));
    std::error_code ec;
    std::filesystem::path to = std::filesystem::read_symlink(path, ec);
    if (ec) throw Error(fmt::format("{}: cannot follow the link: {}", path, ec.message()));
    if (to.is_relative()) to = std::filesystem::path(path).parent_path() / to;
    return resolve_output(to.string(), depth + 1);
  }
  switch (info.type) {
    case sys::FileType::fifo:
    case sys::FileType::char_device:
      return {path, true};
    case sys::FileType::directory:
      throw UsageError(fmt::format("{}: is a directory", path));
    case sys::FileType::other:
      throw UsageError(fmt::format("{}: is not a regular file, a FIFO or a device", path));
    case sys::FileType::missing:
      return {path, false};
    case sys::FileType::regular:
      break;
  }
  if (!info.symlink) return {path, false};
  std::error_code ec;
  auto real = std::filesystem::canonical(path, ec);
  if (ec) throw Error(fmt::format("{}: cannot follow the link: {}", path, ec.message()));
  return {real.string(), false};
}

// What marks a temporary name: NAME.tmp.PID (sweep_stale_temporaries reads it back).
constexpr std::string_view tmp_marker = ".tmp.";

// name.tmp.PID beside the file, shortened where that would pass NAME_MAX (255 bytes).
std::string temporary_beside(const std::string& target) {
  auto slash = target.rfind('/');
  std::string dir = slash == std::string::npos ? "" : target.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? target : target.substr(slash + 1);
  std::string suffix = fmt::format("{}{}", tmp_marker, ::getpid());
  if (base.size() + suffix.size() > 255)
    base = fmt::format(".parkit-{:016x}", std::hash<std::string>()(base));
  return dir + base + suffix;
}

int write_through(const std::string& path, std::string_view content) {
  sys::Fd fd;
  if (int e = sys::open_file(path, O_WRONLY, fd)) return e;
  return sys::write_and_close(fd, content);
}

// Renames a finished temporary onto its target; removes it if that fails. An errno or 0.
int rename_or_discard(const std::string& tmp, const std::string& target) {
  int e = sys::rename_file(tmp, target);
  if (e) sys::remove_file(tmp);
  return e;
}

}  // namespace

std::string temporary_name(const std::string& path) {
  return temporary_beside(resolve_output(path).target);
}

std::size_t sweep_stale_temporaries(const std::string& dir) {
  std::vector<std::string> names;
  if (sys::list_dir(dir, names)) return 0;
  std::size_t removed = 0;
  for (const auto& n : names) {
    auto at = n.rfind(tmp_marker);
    if (at == std::string::npos || at + tmp_marker.size() >= n.size()) continue;
    std::string_view digits = std::string_view(n).substr(at + tmp_marker.size());
    if (digits.find_first_not_of("0123456789") != std::string_view::npos || digits.size() > 9)
      continue;
    auto pid = static_cast<pid_t>(std::stol(std::string(digits)));
    if (pid > 0 && pid != ::getpid() && sys::process_is_gone(pid))
      removed += sys::remove_file(dir + "/" + n) == 0;
  }
  return removed;
}

void commit_temporary(const std::string& tmp, const std::string& path) {
  Output out = resolve_output(path);
  int e = 0;
  if (out.through) {
    std::string content;
    sys::Fd fd;
    e = sys::open_file(tmp, O_RDONLY, fd);
    if (!e) e = sys::read_to_end(fd.get(), content);
    if (!e) e = write_through(out.target, content);
    sys::remove_file(tmp);
  } else {
    e = rename_or_discard(tmp, out.target);
  }
  if (e) throw Error(fmt::format("{}: cannot write: {}", path, sys::error_text(e)));
}

std::string TempDir::default_base() {
  const char* env = std::getenv("TMPDIR");  // NOLINT(concurrency-mt-unsafe): nobody sets it
  return env && *env ? env : "/tmp";
}

TempDir::TempDir(std::string_view prefix, const std::string& where) {
  std::string base = where.empty() ? default_base() : where;
  std::string tmpl = fmt::format("{}/{}-XXXXXX", base, prefix);
  if (int e = sys::make_temp_dir(tmpl))
    throw Error(
        fmt::format("cannot create a temporary directory in {}: {}", base, sys::error_text(e)));
  path_ = std::move(tmpl);
  guard_.emplace(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
  guard_.reset();
}

void make_directory(const std::string& dir) {
  if (int e = sys::make_dir(dir))
    throw UsageError(fmt::format("{}: cannot create the directory: {}", dir, sys::error_text(e)));
}

std::vector<std::string> names_ending_with(const std::string& dir, std::string_view suffix) {
  std::vector<std::string> names, out;
  if (sys::list_dir(dir, names)) throw UsageError(fmt::format("{}: not a readable directory", dir));
  for (auto& name : names)
    if (name.size() > suffix.size() && name.ends_with(suffix)) out.push_back(std::move(name));
  std::sort(out.begin(), out.end());
  return out;
}

void write_stdout(std::string_view content) {
  std::fflush(stdout);  // whatever stdio holds goes first
  if (int e = sys::write_all(STDOUT_FILENO, content))
    throw Error(fmt::format("stdout: cannot write: {}", sys::error_text(e)));
}

void write_file_atomic(const std::string& path, std::string_view content) {
  AtomicOutput out(path);
  out.write(content);
  out.commit();
}

AtomicOutput::AtomicOutput(const std::string& path, unsigned mode) : path_(path) {
  Output out = resolve_output(path);
  target_ = out.target;
  sys::Fd fd;
  if (out.through) {
    if (int e = sys::open_file(target_, O_WRONLY, fd))
      throw Error(fmt::format("{}: cannot write: {}", path, sys::error_text(e)));
    fd_ = fd.release();
    return;
  }
  tmp_ = temporary_beside(target_);
  guard_.emplace(tmp_);
  // O_EXCL after removing a stale one: the mode given is the mode the temporary has.
  sys::remove_file(tmp_);
  if (int e = sys::open_file(tmp_, O_WRONLY | O_CREAT | O_EXCL, fd, mode)) {
    // A folder that is missing, not a folder or not ours to write is the caller's path: bad
    // input (exit 2), like a missing input. Anything else is a failure of the machine (exit 1).
    std::string what = fmt::format("{}: cannot create: {}", path, sys::error_text(e));
    if (e == ENOENT || e == ENOTDIR || e == EACCES || e == EROFS || e == ENAMETOOLONG)
      throw UsageError(what);
    throw Error(what);
  }
  fd_ = fd.release();
}

void AtomicOutput::close_and_discard() noexcept {
  if (fd_ >= 0) {
    sys::Fd closing(fd_);  // closed as it goes
  }
  fd_ = -1;
  if (!tmp_.empty()) sys::remove_file(tmp_);
  tmp_.clear();
}

AtomicOutput::~AtomicOutput() { close_and_discard(); }

void AtomicOutput::write(std::string_view piece) {
  if (fd_ < 0) throw Error(fmt::format("{}: written after it was committed", path_));
  if (int e = sys::write_all(fd_, piece)) {
    close_and_discard();
    throw Error(fmt::format("{}: cannot write: {}", path_, sys::error_text(e)));
  }
}

void AtomicOutput::commit() {
  if (fd_ < 0) throw Error(fmt::format("{}: committed twice", path_));
  sys::Fd fd(fd_);
  fd_ = -1;
  int err = sys::close_fd(fd);
  if (!tmp_.empty()) {
    if (err)
      sys::remove_file(tmp_);
    else
      err = rename_or_discard(tmp_, target_);
    tmp_.clear();
  }
  if (err) throw Error(fmt::format("{}: cannot write: {}", path_, sys::error_text(err)));
}

}  // namespace parkit
