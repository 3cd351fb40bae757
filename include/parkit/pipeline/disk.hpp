// What the pipeline asks of the file system, behind an interface so tests use a fake.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parkit::pipeline {

class Disk {
 public:
  virtual ~Disk() = default;
  // Modification time in nanoseconds, or nullopt if the file does not exist.
  virtual std::optional<std::int64_t> mtime(const std::string& path) = 0;
  virtual std::optional<std::string> read(const std::string& path) = 0;
  virtual void write_atomic(const std::string& path, std::string_view content) = 0;
  virtual void append(const std::string& path, std::string_view line) = 0;
  virtual bool remove(const std::string& path) = 0;  // true if it existed
};

class RealDisk final : public Disk {
 public:
  std::optional<std::int64_t> mtime(const std::string& path) override;
  std::optional<std::string> read(const std::string& path) override;
  void write_atomic(const std::string& path, std::string_view content) override;
  void append(const std::string& path, std::string_view line) override;
  bool remove(const std::string& path) override;
};

}  // namespace parkit::pipeline
