#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <unistd.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

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

namespace {
// Every name in dir (hidden ones too, but not . and ..).
std::vector<std::string> names_in(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = ::opendir(dir.c_str());
  while (auto* e = ::readdir(d))
    if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") out.push_back(e->d_name);
  ::closedir(d);
  return out;
}
mode_t type_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & S_IFMT;
}
}  // namespace

TEST(Files, AnOutputInPiecesAppearsWholeAtCommitOrNotAtAll) {
  TempDir dir("parkit-pieces");
  std::string path = dir.path() + "/out.txt";
  write_file_atomic(path, "old");
  {
    AtomicOutput out(path);
    out.write("new ");
    out.write("in pieces");
    EXPECT_EQ(read_file(path), "old");           // nothing changes before commit
    EXPECT_EQ(names_in(dir.path()).size(), 2u);  // the file and the temporary
    out.commit();
    EXPECT_THROW(out.write("late"), Error);
  }
  EXPECT_EQ(read_file(path), "new in pieces");
  {
    AtomicOutput dropped(path);  // an exception before commit: the old file stays
    dropped.write("half");
  }
  EXPECT_EQ(read_file(path), "new in pieces");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"out.txt"});
  EXPECT_THROW(AtomicOutput(dir.path() + "/no/such/dir/out.txt"), UsageError);
}

TEST(Files, DevicesAreWrittenThroughNeverReplaced) {
  write_file_atomic("/dev/null", "nothing");
  EXPECT_EQ(type_of("/dev/null"), S_IFCHR);
  try {
    write_file_atomic("/dev/full", "too much");
    FAIL() << "a full device must fail the write";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/dev/full: cannot write"), std::string::npos) << e.what();
  }
  EXPECT_EQ(type_of("/dev/full"), S_IFCHR);
}

TEST(Files, AFifoIsWrittenThroughAndStaysAFifo) {
  TempDir dir("parkit-test-fifo");
  std::string fifo = dir.path() + "/out";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string got;
  std::thread reader([&] { got = read_file(fifo); });
  write_file_atomic(fifo, "through the pipe");
  reader.join();
  EXPECT_EQ(got, "through the pipe");
  EXPECT_EQ(type_of(fifo), S_IFIFO);
  EXPECT_EQ(names_in(dir.path()).size(), 1u);
}

TEST(Files, ASymlinkIsFollowedAndKept) {
  TempDir dir("parkit-test-link");
  std::string target = dir.path() + "/target.txt", link = dir.path() + "/link.txt";
  write_file_atomic(target, "old");
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  write_file_atomic(link, "new");
  EXPECT_EQ(type_of(link), S_IFLNK);
  EXPECT_EQ(read_file(target), "new");
  EXPECT_EQ(names_in(dir.path()).size(), 2u);  // no temporary left beside either
  // A link to a file not made yet makes it (relative links are relative to the link's folder).
  ASSERT_EQ(::symlink("later.txt", (dir.path() + "/dangling").c_str()), 0);
  write_file_atomic(dir.path() + "/dangling", "made");
  EXPECT_EQ(read_file(dir.path() + "/later.txt"), "made");
  EXPECT_EQ(type_of(dir.path() + "/dangling"), S_IFLNK);
  ASSERT_EQ(::symlink("loop", (dir.path() + "/loop").c_str()), 0);
  EXPECT_THROW(write_file_atomic(dir.path() + "/loop", "x"), Error);
  EXPECT_THROW(write_file_atomic(dir.path(), "x"), UsageError);
}

TEST(Files, NamesUpToNameMaxWork) {
  TempDir dir("parkit-test-long");
  for (std::size_t len : {250u, 251u, 255u}) {
    std::string path = dir.path() + "/" + std::string(len, 'n');
    write_file_atomic(path, "long");
    EXPECT_EQ(read_file(path), "long") << len;
  }
  EXPECT_EQ(names_in(dir.path()).size(), 3u);
  // The temporary name for a plot (gnuplot writes it) is as short.
  EXPECT_LE(temporary_name(dir.path() + "/" + std::string(255, 'p')).size() - dir.path().size() - 1,
            255u);
}

TEST(Files, TempDirIsPrivateUnderTmpdirAndRemovedWithItsContents) {
  std::string kept;
  {
    TempDir d("parkit-test-tempdir");
    kept = d.path();
    struct stat st {};
    ASSERT_EQ(::stat(kept.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    write_file_atomic(kept + "/inside.txt", "x");
  }
  struct stat st {};
  EXPECT_NE(::stat(kept.c_str(), &st), 0);
}

TEST(Files, AReleasedPartOfAMappedFileReadsTheSameAndOtherMemoryIsLeftAlone) {
  std::string dir = ::testing::TempDir();
  std::string path = dir + "/parkit-release-test.txt";
  std::string content;
  for (int i = 0; content.size() < (1u << 20); ++i) content += std::to_string(i) + " ";
  std::ofstream(path) << content;
  MappedFile f(path);
  ASSERT_EQ(f.view(), content);
  f.release(f.view().substr(4096, 512 << 10));
  f.release(f.view());
  EXPECT_EQ(f.view(), content);  // the pages come back from the file
  // Not part of the mapping: nothing happens (MADV_DONTNEED on heap memory would zero it).
  std::string heap(1 << 20, 'x');
  f.release(heap);
  f.release(std::string_view(f.view().data() + 100, f.view().size()));  // runs past the end
  EXPECT_EQ(heap, std::string(1 << 20, 'x'));
  EXPECT_EQ(f.view(), content);
  ::unlink(path.c_str());
}
