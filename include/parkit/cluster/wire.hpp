// The cluster's messages on the wire (issue 14; decision 0012): every message a controller, an
// engine or a client sends is signed with HMAC-SHA256 under the cluster's 256-bit key, as Jupyter
// and ipyparallel sign theirs, and a receiver opens only what is signed with that key, well
// formed, and newer than anything it accepted from the same sender (no replay).
//
// A message is three frames: the signature (64 hex digits), the header ("SENDER SEQ KIND": the
// sender's random 128-bit id in 32 hex digits, its message number, the kind in [a-z_]) and the
// body (any bytes). The HMAC covers the header and the body, each with its length first.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace parkit::cluster {

// A cluster's secret: 256 random bits (libsodium's randombytes), written to the connection file
// as 64 hex digits.
class Key {
 public:
  static Key random();
  // UsageError naming `origin` unless `hex` is 64 hex digits.
  static Key from_hex(std::string_view hex, std::string_view origin);
  std::string hex() const;
  const std::array<unsigned char, 32>& bytes() const noexcept { return bytes_; }

 private:
  std::array<unsigned char, 32> bytes_{};
};

// A random 128-bit id in 32 hex digits: a sender's name on the wire.
std::string random_id();

struct Message {
  std::string sender;  // random_id() of whoever sent it
  std::uint64_t seq = 0;
  std::string kind;  // 1-32 of [a-z_]
  std::string body;

  bool operator==(const Message&) const = default;
};

// The three frames of `m`, signed with `key`. Throws Error if m's sender or kind is malformed.
std::vector<std::string> seal(const Key& key, const Message& m);

// Seals the messages of one sender: its id, and message numbers 1, 2, 3...
class Sealer {
 public:
  explicit Sealer(const Key& key, std::string id = random_id()) : key_(key), id_(std::move(id)) {}
  const std::string& id() const noexcept { return id_; }
  std::vector<std::string> seal(std::string_view kind, std::string body);

 private:
  Key key_;
  std::string id_;
  std::uint64_t seq_ = 0;
};

// Opens messages for one receiver, remembering the newest message number of each sender.
class Opener {
 public:
  explicit Opener(const Key& key) : key_(key) {}
  // The message, or why the frames are refused, in a few words (for the log): "not 3 frames",
  // "bad signature" (missing, malformed or not by this key: header or body changed, another
  // key), "malformed header", "replayed" (a message number not above the last one accepted from
  // that sender). Nothing is remembered of a refused message.
  std::variant<Message, std::string> open(const std::vector<std::string>& frames);

 private:
  Key key_;
  std::map<std::string, std::uint64_t> last_seq_;
};

namespace detail {
// The signature frame seal() writes for this header and body (64 hex digits).
std::string signature(const Key& key, std::string_view header, std::string_view body);
}  // namespace detail

}  // namespace parkit::cluster
