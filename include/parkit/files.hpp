// Whole-file input and crash-safe output: a file is written to a temporary name beside it and
// renamed into place, so an interrupted run never leaves a truncated file that looks complete.
#pragma once

#include <string>
#include <string_view>

namespace parkit {

// Throws UsageError for a missing, unreadable or directory path (naming it).
std::string read_file(const std::string& path);

// Writes `content` to `path` atomically (temporary file + fsync + rename). Throws Error.
void write_file_atomic(const std::string& path, std::string_view content);

}  // namespace parkit
