// Fuzz target: the pipeline's build log (.parkit_build_log), which a crash, a full disk or a
// person may leave corrupt: a bad line is ignored, never a crash; what loads saves and loads the
// same.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "parkit/pipeline/build_log.hpp"

namespace {
class MemDisk final : public parkit::pipeline::Disk {
 public:
  std::map<std::string, std::string> files;
  std::optional<std::int64_t> mtime(const std::string& p) override {
    return files.count(p) ? std::optional<std::int64_t>(1) : std::nullopt;
  }
  std::optional<std::string> read(const std::string& p) override {
    auto it = files.find(p);
    return it == files.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
  void write_atomic(const std::string& p, std::string_view c) override { files[p] = c; }
  void append(const std::string& p, std::string_view line) override { files[p] += line; }
  bool remove(const std::string& p) override { return files.erase(p) > 0; }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parkit::pipeline;
  MemDisk disk;
  disk.files["log"] = std::string(reinterpret_cast<const char*>(data), size);
  auto log = BuildLog::load(disk, "log");
  log.save(disk);
  auto again = BuildLog::load(disk, "log");
  if (again.outputs() != log.outputs()) __builtin_trap();
  for (const auto& out : log.outputs()) {
    const Record* a = log.find(out);
    const Record* b = again.find(out);
    if (!a || !b || a->version != b->version || a->params != b->params || a->inputs != b->inputs)
      __builtin_trap();
  }
  return 0;
}
