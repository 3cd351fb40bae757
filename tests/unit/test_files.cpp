#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "parkit/errors.hpp"
#include "parkit/files.hpp"

using namespace parkit;

TEST(Files, ReadFileRejectsMissingAndDirectories) {
  EXPECT_THROW(read_file("/nonexistent/book.txt"), UsageError);
  try {
    read_file("/tmp");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos);
  }
}

TEST(Files, AtomicWriteReplacesAndLeavesNoTemporary) {
  std::string dir = ::testing::TempDir() + "atomic_" + std::to_string(::getpid());
  ::mkdir(dir.c_str(), 0755);
  std::string path = dir + "/out.txt";
  write_file_atomic(path, "first");
  write_file_atomic(path, "second");
  EXPECT_EQ(read_file(path), "second");
  int entries = 0;
  DIR* d = ::opendir(dir.c_str());
  while (auto* e = ::readdir(d)) entries += e->d_name[0] != '.';
  ::closedir(d);
  EXPECT_EQ(entries, 1);
  EXPECT_THROW(write_file_atomic(dir + "/no/such/dir/out.txt", "x"), Error);
}
