// The OS seam for files, directories, shared memory and helper programs (sys.hpp).
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

#include "core/sys.hpp"
#include "parkit/errors.hpp"
#include "parkit/interrupt.hpp"
#include "parkit/program.hpp"

extern char** environ;

namespace parkit::sys {

void* map_shared(std::size_t bytes) {
  if (int e = injected("mmap")) fail("mmap", e);
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) fail("mmap", errno);
  return p;
}

void unmap(void* p, std::size_t bytes) noexcept { ::munmap(p, bytes); }

int open_file(const std::string& path, int flags, Fd& out, unsigned mode) {
  if (int e = injected("open")) return e;
  int fd;
  do fd = ::open(path.c_str(), flags | O_CLOEXEC, static_cast<mode_t>(mode));
  while (fd < 0 && errno == EINTR);
  if (fd < 0) return errno;
  out = Fd(fd);
  return 0;
}

namespace {
FileType type_of(mode_t m) {
  if (S_ISREG(m)) return FileType::regular;
  if (S_ISDIR(m)) return FileType::directory;
  if (S_ISFIFO(m)) return FileType::fifo;
  if (S_ISCHR(m)) return FileType::char_device;
  return FileType::other;
}
}  // namespace

int file_info(int fd, FileInfo& out) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return errno;
  out.type = type_of(st.st_mode);
  out.size = static_cast<std::size_t>(st.st_size);
  out.symlink = false;
  return 0;
}

int path_info(const std::string& path, FileInfo& out) {
  struct stat st {};
  out = {};
  if (::lstat(path.c_str(), &st) != 0) return errno == ENOENT ? 0 : errno;
  out.symlink = S_ISLNK(st.st_mode);
  if (out.symlink && ::stat(path.c_str(), &st) != 0) return errno == ENOENT ? 0 : errno;
  out.type = type_of(st.st_mode);
  out.size = static_cast<std::size_t>(st.st_size);
  return 0;
}

int map_file(int fd, std::size_t size, const void*& out) {
  if (int e = injected("mmap")) return e;
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) return errno;
  out = p;
  return 0;
}

void unmap_file(const void* p, std::size_t size) noexcept { ::munmap(const_cast<void*>(p), size); }

void drop_mapped_pages(const void* p, std::size_t size) noexcept {
  static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t begin = at / page * page;
  const std::uintptr_t end = (at + size) / page * page;
  // NOLINTNEXTLINE(performance-no-int-to-ptr): page addresses inside a mapping of ours
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

int read_to_end(int fd, std::string& out) {
  if (int e = injected("read")) return e;
  std::size_t got = 0;
  if (out.empty()) out.resize(4096);
  for (;;) {
    if (got == out.size()) out.resize(out.size() * 2);
    ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  out.resize(got);
  return 0;
}

int write_all(int fd, std::string_view data) {
  if (int e = injected("write")) return e;
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    done += static_cast<std::size_t>(n);
  }
  return 0;
}

int close_fd(Fd& fd) {
  int e = ::close(fd.release()) == 0 ? 0 : errno;
  if (e == EINTR) e = 0;  // Linux closed it anyway
  if (int inj = injected("close")) return inj;
  return e;
}

int write_and_close(Fd& fd, std::string_view data) {
  int err = write_all(fd.get(), data);
  if (int e = close_fd(fd); e && !err) err = e;
  return err;
}

int rename_file(const std::string& from, const std::string& to) {
  if (int e = injected("rename")) return e;
  return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

int remove_file(const std::string& path) { return ::unlink(path.c_str()) == 0 ? 0 : errno; }

int make_dir(const std::string& path, unsigned mode) {
  if (int e = injected("mkdir")) return e;
  if (::mkdir(path.c_str(), static_cast<mode_t>(mode)) == 0 || errno == EEXIST) return 0;
  return errno;
}

int list_dir(const std::string& path, std::vector<std::string>& names) {
  if (int e = injected("opendir")) return e;
  std::unique_ptr<DIR, int (*)(DIR*)> d(::opendir(path.c_str()), &::closedir);
  if (!d) return errno;
  names.clear();
  errno = 0;
  while (auto* e = ::readdir(d.get())) {  // NOLINT(concurrency-mt-unsafe): our own DIR
    std::string_view name = e->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  return errno;
}

bool lock_exclusive(int fd, bool wait) {
  int r;
  do r = ::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB));
  while (r < 0 && errno == EINTR);
  if (r == 0) return true;
  if (errno == EWOULDBLOCK && !wait) return false;
  fail("flock", errno);
}

int make_temp_dir(std::string& tmpl) {
  if (int e = injected("mkdtemp")) return e;
  return ::mkdtemp(tmpl.data()) ? 0 : errno;
}

bool process_is_gone(pid_t pid) noexcept { return ::kill(pid, 0) != 0 && errno == ESRCH; }

void remove_tree_if_mine(const std::string& path) noexcept {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()) return;
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

namespace {
// A pipe's read and write ends (close-on-exec); throws.
std::pair<Fd, Fd> pipe_ends() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) fail("pipe", errno);
  return {Fd(fds[0]), Fd(fds[1])};
}
}  // namespace

int run_with_input(const std::string& command, std::string_view input) {
  if (int e = injected("spawn")) {
    errno = e;
    return -1;
  }
  auto [read_end, write_end] = pipe_ends();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, read_end.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  // The helper starts with no signal blocked (clean_up_on_interrupt blocks some in this process).
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  const char* argv[] = {"sh", "-c", command.c_str(), nullptr};
  pid_t pid = -1;
  int e = ::posix_spawn(&pid, "/bin/sh", &actions, &attr, const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (e != 0) {
    errno = e;
    return -1;
  }
  read_end.reset();
  // A helper that stops reading early must not kill us with SIGPIPE: write with MSG_NOSIGNAL's
  // equivalent for pipes, by ignoring EPIPE here.
  sigset_t pipe_set, old;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
  write_all(write_end.get(), input);
  write_end.reset();
  timespec zero{};
  while (sigtimedwait(&pipe_set, nullptr, &zero) > 0) {
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  int st = 0;
  if (wait_pid(pid, &st, 0) < 0) return -1;
  return st;
}

std::string find_program(const std::string& argv0) {
  if (argv0.find('/') != std::string::npos) return argv0;
  const char* path = std::getenv("PATH");  // NOLINT(concurrency-mt-unsafe): read only
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t colon = std::min(dirs.find(':', start), dirs.size());
    std::string dir = dirs.substr(start, colon - start);
    std::string full = (dir.empty() ? "." : dir) + "/" + argv0;
    if (::access(full.c_str(), X_OK) == 0) return full;
    start = colon + 1;
  }
  return {};
}

namespace {

// This process's environment with `extra` ("NAME=value") set over it, for execve.
std::vector<std::string> environment_with(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    bool replaced = false;
    for (const auto& x : extra)
      replaced = replaced || entry.substr(0, entry.find('=') + 1) == x.substr(0, x.find('=') + 1);
    if (!replaced) env.emplace_back(entry);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

// Waits for the child to end without reaping it (it stays a zombie, its pid not reusable).
void wait_for_end(pid_t pid) noexcept {
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR) {
  }
}

}  // namespace

int run_capture(const std::vector<std::string>& argv, std::string& out,
                const std::vector<std::string>& extra_env) {
  if (int e = injected("spawn")) {
    errno = e;
    return -1;
  }
  std::string program = find_program(argv.at(0));
  if (program.empty()) {
    errno = ENOENT;
    return -1;
  }
  auto [read_end, write_end] = pipe_ends();
  std::vector<std::string> arg_strings = argv;
  std::vector<char*> args = parkit::argv_pointers(arg_strings);
  std::vector<std::string> env_strings = environment_with(extra_env);
  std::vector<char*> env = parkit::argv_pointers(env_strings);
  // fork and exec rather than posix_spawn: the child asks for SIGTERM when we die (a killed
  // parkit must not leave mpirun and its ranks running; an interrupted one stops it itself,
  // StoppedOnInterrupt). Only async-signal-safe calls between fork and exec.
  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);  // NOLINT(concurrency-mt-unsafe): one thread here
    if (::dup2(write_end.get(), STDOUT_FILENO) < 0) ::_exit(127);
    ::execve(program.c_str(), args.data(), env.data());
    ::_exit(127);
  }
  write_end.reset();
  int r = 0;
  {
    StoppedOnInterrupt stop(pid);
    r = read_to_end(read_end.get(), out);
    wait_for_end(pid);
  }
  int st = 0;
  if (wait_pid(pid, &st, 0) < 0) return -1;
  if (r != 0) {
    errno = r;
    return -1;
  }
  return st;
}

}  // namespace parkit::sys
