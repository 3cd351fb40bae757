#include "parkit/workloads/csvify.hpp"

#include <algorithm>
#include <vector>

#include "parkit/files.hpp"
#include "parkit/thread_pool.hpp"

namespace parkit::workloads {

std::string csv_of(std::string_view dat, std::size_t inflate) {
  std::string out;
  out.reserve(dat.size() * inflate);
  while (!dat.empty()) {
    std::size_t end = dat.find('\n');
    std::string_view line = dat.substr(0, end == std::string_view::npos ? dat.size() : end + 1);
    dat.remove_prefix(line.size());
    std::string converted(line);
    std::replace(converted.begin(), converted.end(), ' ', ',');
    for (std::size_t k = 0; k < inflate; ++k) out += converted;
  }
  return out;
}

namespace {

struct Conversion {
  std::string from, to;
  std::size_t inflate;
};

int convert(const Conversion& c) {
  write_file_atomic(c.to, csv_of(read_file(c.from), c.inflate));
  return 0;
}

}  // namespace

std::size_t csvify_dir(const std::string& dir, int threads, std::size_t inflate) {
  std::vector<Conversion> work;
  for (const auto& name : names_ending_with(dir, ".dat"))
    work.push_back(
        {dir + "/" + name, dir + "/" + name.substr(0, name.size() - 4) + ".csv", inflate});
  if (threads <= 1) {
    for (const auto& c : work) convert(c);
  } else {
    ThreadPool pool(threads);
    (void)pool.map(&convert, work, 1);
  }
  return work.size();
}

}  // namespace parkit::workloads
