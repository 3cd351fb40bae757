// Whole-file input and interruption-safe output: a file is written to a temporary name beside it
// and renamed into place, so an interrupted run never leaves a truncated file that looks complete.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parkit/interrupt.hpp"

namespace parkit {

// Throws UsageError for a missing, unreadable or directory path (naming it).
std::string read_file(const std::string& path);

// A whole file mapped read-only (not pre-faulted: the kernel maps the pages around each one
// touched, and a scan drops what it is done with, release()). A pipe, FIFO or character device
// is read to its end into memory instead.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path);  // UsageError like read_file
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view view() const noexcept { return {static_cast<const char*>(data_), size_}; }
  // Lets the memory behind `part` (of view()) go, from the page holding its first byte to the one
  // holding the byte after it, not included: a scan done with a stretch of a big book calls it
  // so the book never sits in memory whole; consecutive stretches leave only the last page.
  // Reading any of it again still works (the pages come back from the file). Does nothing for a
  // file read from a pipe, or for a `part` that is not inside view().
  void release(std::string_view part) const noexcept;

 private:
  const void* data_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;
  std::string owned_;  // what was read from a pipe
};

// The temporary name a file is written under before it is renamed into place (beside a link's
// target; shortened where name.tmp.PID would pass NAME_MAX).
std::string temporary_name(const std::string& path);
// Removes, from `dir`, the temporary files (NAME.tmp.PID) of processes that are gone: what a
// killed run left behind. Returns how many it removed.
std::size_t sweep_stale_temporaries(const std::string& dir);
// Renames a finished temporary file onto `path` (or copies it into a FIFO or device and removes
// it); on failure removes it and throws Error.
void commit_temporary(const std::string& tmp, const std::string& path);

// Outputs that are not regular files: a FIFO or a character device (a pipe, /dev/null, a
// terminal) is written straight through, never replaced; a symbolic link is followed (its
// target is replaced or made, the link stays); a directory or a socket is refused (UsageError).
//
// Writes `content` to `path` atomically (temporary file + rename). Throws Error. A killed
// process leaves the old file or the new one, never a part; there is no fsync, so a power cut may
// still lose the newest version (a pipeline then reruns the job: its log is written the same way).
void write_file_atomic(const std::string& path, std::string_view content);

// The same written in pieces, for an output too big to hold whole: nothing at `path` changes
// until commit(); an output dropped before (an exception) removes its temporary file. A FIFO
// or a device is written through as the pieces come. Throws as write_file_atomic.
class AtomicOutput {
 public:
  // `mode`: the new file's permissions (0600 for a secret: the temporary has them from its
  // first byte).
  explicit AtomicOutput(const std::string& path, unsigned mode = 0644);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;
  void write(std::string_view piece);
  void commit();

 private:
  void close_and_discard() noexcept;
  std::string path_, target_, tmp_;  // tmp_ empty when written through
  int fd_ = -1;
  std::optional<RemovedOnInterrupt> guard_;
};

// Creates the directory `dir` if it is not there (its parent must be). UsageError naming it when
// it cannot.
void make_directory(const std::string& dir);

// The names in `dir` that end with `suffix` (and are longer than it), sorted. UsageError when
// `dir` is not a readable directory.
std::vector<std::string> names_ending_with(const std::string& dir, std::string_view suffix);

// Writes `content` to standard output, all of it (the `-` of an OUT argument). Throws Error
// naming stdout when it cannot (a closed pipe, a full disk).
void write_stdout(std::string_view content);

// A fresh private directory (mode 0700) under $TMPDIR (else /tmp), named PREFIX-XXXXXX, removed
// with everything in it when the owner goes (an exception unwinding included), and on an
// interrupt (interrupt.hpp).
class TempDir {
 public:
  // In `base` when given, else default_base(). Throws Error.
  explicit TempDir(std::string_view prefix, const std::string& base = "");
  // $TMPDIR, else /tmp.
  static std::string default_base();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  std::optional<RemovedOnInterrupt> guard_;
};

}  // namespace parkit
