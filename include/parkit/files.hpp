// Whole-file input and interruption-safe output: a file is written to a temporary name beside it
// and renamed into place, so an interrupted run never leaves a truncated file that looks complete.
#pragma once

#include <string>
#include <string_view>

namespace parkit {

// Throws UsageError for a missing, unreadable or directory path (naming it).
std::string read_file(const std::string& path);
// The same into `out`, reusing its memory (a loop over many files then stops paying page faults
// for a fresh buffer each time).
void read_file_into(const std::string& path, std::string& out);

// Writes `content` to `path` atomically (temporary file + rename). Throws Error. A killed
// process leaves the old file or the new one, never a part; there is no fsync, so a power cut may
// still lose the newest version (a pipeline then reruns the job: its log is written the same way).
void write_file_atomic(const std::string& path, std::string_view content);

}  // namespace parkit
