// The OS seam: every system call the transports make goes through here. Each wrapper retries
// EINTR, turns failure into CommError naming the call, and can be made to fail in tests
// (set_fault), like fmt's and ninja's seams.
#pragma once

#include <poll.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parkit::sys {

// A move-only owner of a file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) noexcept : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) reset(std::exchange(o.fd_, -1));
    return *this;
  }
  ~Fd() { reset(); }
  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  void reset(int fd = -1) noexcept;
  int release() noexcept { return std::exchange(fd_, -1); }

 private:
  int fd_ = -1;
};

// Test hook: when set, it is asked before each call; a non-zero errno makes that call fail.
// Without a hook a call pays one relaxed atomic load.
void set_fault(std::function<int(std::string_view call)> hook);
// The errno injected for `call`, or 0.
int injected(std::string_view call);

[[noreturn]] void fail(std::string_view call, int err);
// What an errno means, in words (thread safe, unlike strerror).
std::string error_text(int err);

// A listening AF_UNIX stream socket bound to a path (non-blocking). Who may connect is decided
// by the permissions of the folder that holds it (the abstract namespace has none).
Fd listen_path(const std::string& path, int backlog);
// Connects to a path socket; returns an empty Fd if nobody listens there.
Fd connect_path(const std::string& path);
// The longest socket path bind accepts (sun_path less its terminating NUL).
inline constexpr std::size_t max_socket_path = 107;
// Who is at the other end of a connected Unix socket (SO_PEERCRED: fixed when it connected).
struct PeerCredentials {
  pid_t pid;
  uid_t uid;
};
std::optional<PeerCredentials> peer_credentials(int fd);
// Accepts one pending connection on a non-blocking listener; empty Fd when none is pending.
Fd accept_nonblocking(int listener);
std::pair<Fd, Fd> socket_pair();

// Drops the first `sent` bytes from iov[first..]: advances `first` past whole buffers and trims
// the next one (what a partial sendmsg leaves to send).
void consume_iov(std::span<iovec> iov, std::size_t& first, std::size_t sent) noexcept;

// Writes every byte of the iovecs (MSG_NOSIGNAL). Returns false if the peer is gone.
bool send_all(int fd, std::span<iovec> iov);
// One non-blocking sendmsg: bytes written (0 when the socket is full), nullopt if the peer is gone.
std::optional<std::size_t> send_some(int fd, std::span<const iovec> iov);
// One non-blocking recv: bytes read (0 when nothing is there yet), nullopt on EOF or reset.
std::optional<std::size_t> recv_some(int fd, std::span<std::byte> out);
// Reads exactly out.size() bytes. Returns false on EOF before the first byte; EOF in the middle
// or a reset connection also return false (the peer is gone either way).
bool recv_all(int fd, std::span<std::byte> out);

// poll(2) with EINTR retried against the remaining time; timeout_ms < 0 waits forever.
int poll_fds(std::span<::pollfd> fds, int timeout_ms);

// Like poll_fds, but first re-polls without sleeping for up to spin_us. An idle core of a virtual
// machine can take hundreds of microseconds to wake up; a short spin keeps it awake for the
// replies that come quickly (MPI libraries poll the same way).
int poll_fds_spin(std::span<::pollfd> fds, int timeout_ms, int spin_us);

int pidfd_open(pid_t pid);
// How a child ended, read through its pidfd without reaping it (waitid WNOWAIT): nullopt while
// it runs or once someone reaped it. `exited` with its code, or killed by `signal`.
struct ChildEnd {
  bool exited;
  int code_or_signal;
};
std::optional<ChildEnd> peek_child_end(int pidfd) noexcept;
// Sends SIGKILL through a pidfd (never to a recycled pid). Best effort.
void pidfd_kill(int pidfd) noexcept;
// waitpid with EINTR retried: the pid, 0 (WNOHANG, still running) or -1 (errno set).
pid_t wait_pid(pid_t pid, int* status, int flags) noexcept;
// fork(2); throws CommError when it fails.
pid_t fork_process();
void set_nonblocking(int fd);
// CLOCK_MONOTONIC_COARSE in nanoseconds: a few ns to read (vDSO), steps of a few ms.
std::int64_t coarse_now_ns() noexcept;

// ---- files and directories (sys_files.cpp) ------------------------------------------------
// These return an errno (0 on success) rather than throw: the caller knows whether a failure
// is bad input (UsageError) or a failed output (Error), and words its message.

// Memory shared with the children forked after it (MAP_SHARED | MAP_ANONYMOUS); throws.
void* map_shared(std::size_t bytes);
void unmap(void* p, std::size_t bytes) noexcept;

int open_file(const std::string& path, int flags, Fd& out, unsigned mode = 0644);

enum class FileType { missing, regular, directory, fifo, char_device, other };
struct FileInfo {
  FileType type = FileType::missing;
  std::size_t size = 0;
  bool symlink = false;  // the path itself is a symbolic link (type is what it points to)
};
// What an open descriptor is.
int file_info(int fd, FileInfo& out);
// What a path is (missing is not an error: type says so).
int path_info(const std::string& path, FileInfo& out);
// Maps a whole file read-only. Not pre-faulted (MAP_POPULATE): a scan that drops the pages
// behind it (drop_mapped_pages) then never has the whole file in memory.
int map_file(int fd, std::size_t size, const void*& out);
void unmap_file(const void* p, std::size_t size) noexcept;
// Drops the pages of a file mapping from the one holding p up to the one holding p + size (not
// that one: what follows may be still in use) from memory (MADV_DONTNEED): a read-only mapping
// reads them from the file again if touched. Only for such mappings. So consecutive ranges
// given in turn drop every page but the last one's.
void drop_mapped_pages(const void* p, std::size_t size) noexcept;
// Reads to the end of the file into out (grown as needed); out.size() is what was read.
int read_to_end(int fd, std::string& out);
int write_all(int fd, std::string_view data);
int close_fd(Fd& fd);  // close, reporting the error (a full disk can show up only here)
// write_all, then close_fd: the first error of the two.
int write_and_close(Fd& fd, std::string_view data);
int rename_file(const std::string& from, const std::string& to);
int remove_file(const std::string& path);
// Creates the directory; an existing one is fine.
int make_dir(const std::string& path, unsigned mode = 0755);
// The names in a directory (without . and ..), or an errno.
int list_dir(const std::string& path, std::vector<std::string>& names);

// An exclusive flock on an open file or folder: at once (false when another holds it) or, with
// wait, when it is free. Released when the descriptor closes.
bool lock_exclusive(int fd, bool wait);

// Creates a fresh private directory (mode 0700) from a mkdtemp template (…XXXXXX, replaced in
// place).
int make_temp_dir(std::string& tmpl);
// Whether no process has this pid any more.
bool process_is_gone(pid_t pid) noexcept;
// Removes a folder and everything in it if this user owns it.
void remove_tree_if_mine(const std::string& path) noexcept;

// Runs `sh -c command` with `input` on its standard input; its exit status as waitpid gives
// it, or -1 with errno when it could not be started.
int run_with_input(const std::string& command, std::string_view input);
// Runs the program argv[0] (looked up on PATH) with these arguments, its standard output read
// into `out`, its standard error left as ours. Its exit status as waitpid gives it, or -1 with
// errno when it could not be started.
// `extra_env` ("NAME=value") is set over this process's environment for it. The child gets
// SIGTERM if this process dies first, and is stopped (and waited for) on an interrupt before
// the temporaries are removed (StoppedOnInterrupt).
int run_capture(const std::vector<std::string>& argv, std::string& out,
                const std::vector<std::string>& extra_env = {});
// argv0 itself when it names a path, else the first executable of that name on PATH ("" if none).
std::string find_program(const std::string& argv0);
int event_fd();
void event_signal(int efd);
void event_drain(int efd);

}  // namespace parkit::sys
