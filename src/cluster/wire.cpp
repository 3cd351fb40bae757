#include "parkit/cluster/wire.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <charconv>

#include "parkit/errors.hpp"

namespace parkit::cluster {

namespace {

void need_sodium() {
  if (sodium_init() < 0) throw Error("libsodium cannot start (sodium_init)");
}

std::string to_hex(const unsigned char* p, std::size_t n) {
  std::string out(2 * n + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

// Exactly 2 * n hex digits into out; false otherwise.
bool hex_to_bytes(std::string_view hex, unsigned char* out, std::size_t n) {
  if (hex.size() != 2 * n) return false;
  std::size_t got = 0;
  const char* end = nullptr;
  return sodium_hex2bin(out, n, hex.data(), hex.size(), nullptr, &got, &end) == 0 && got == n &&
         end == hex.data() + hex.size();
}

bool is_id(std::string_view s) {
  unsigned char raw[16];
  return hex_to_bytes(s, raw, sizeof raw);
}

bool is_kind(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  return true;
}

using Mac = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

// HMAC-SHA256 of the header and the body, each after its length (8 bytes, little-endian), so
// no two (header, body) pairs sign the same bytes.
Mac mac(const Key& key, std::string_view header, std::string_view body) {
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, key.bytes().data(), key.bytes().size());
  for (std::string_view part : {header, body}) {
    unsigned char len[8];
    auto n = static_cast<std::uint64_t>(part.size());
    for (unsigned char& b : len) {
      b = static_cast<unsigned char>(n & 0xff);
      n >>= 8;
    }
    crypto_auth_hmacsha256_update(&st, len, sizeof len);
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(part.data()),
                                  part.size());
  }
  Mac out{};
  crypto_auth_hmacsha256_final(&st, out.data());
  sodium_memzero(&st, sizeof st);
  return out;
}

}  // namespace

Key Key::random() {
  need_sodium();
  Key k;
  randombytes_buf(k.bytes_.data(), k.bytes_.size());
  return k;
}

Key Key::from_hex(std::string_view hex, std::string_view origin) {
  Key k;
  if (!hex_to_bytes(hex, k.bytes_.data(), k.bytes_.size()))
    throw UsageError(fmt::format("{}: the key is not 64 hex digits", origin));
  return k;
}

std::string Key::hex() const { return to_hex(bytes_.data(), bytes_.size()); }

std::string random_id() {
  need_sodium();
  unsigned char raw[16];
  randombytes_buf(raw, sizeof raw);
  return to_hex(raw, sizeof raw);
}

std::string detail::signature(const Key& key, std::string_view header, std::string_view body) {
  Mac sig = mac(key, header, body);
  return to_hex(sig.data(), sig.size());
}

std::vector<std::string> seal(const Key& key, const Message& m) {
  if (!is_id(m.sender)) throw Error(fmt::format("cluster message: bad sender id '{}'", m.sender));
  if (!is_kind(m.kind)) throw Error(fmt::format("cluster message: bad kind '{}'", m.kind));
  std::string header = fmt::format("{} {} {}", m.sender, m.seq, m.kind);
  std::string sig = detail::signature(key, header, m.body);
  return {std::move(sig), std::move(header), m.body};
}

std::vector<std::string> Sealer::seal(std::string_view kind, std::string body) {
  Message m{id_, ++seq_, std::string(kind), std::move(body)};
  return cluster::seal(key_, m);
}

std::variant<Message, std::string> Opener::open(const std::vector<std::string>& frames) {
  if (frames.size() != 3) return std::string("not 3 frames");
  const std::string& header = frames[1];
  Mac got{};
  if (!hex_to_bytes(frames[0], got.data(), got.size())) return std::string("bad signature");
  Mac want = mac(key_, header, frames[2]);
  if (sodium_memcmp(got.data(), want.data(), got.size()) != 0) return std::string("bad signature");
  // Signed by the key: the header is ours, but checked all the same.
  Message m;
  const auto s1 = header.find(' ');
  const auto s2 = s1 == std::string::npos ? s1 : header.find(' ', s1 + 1);
  if (s2 == std::string::npos) return std::string("malformed header");
  m.sender = header.substr(0, s1);
  std::string_view seq(header.data() + s1 + 1, s2 - s1 - 1);
  m.kind = header.substr(s2 + 1);
  auto [end, ec] = std::from_chars(seq.data(), seq.data() + seq.size(), m.seq);
  // One way to write each header: a number without leading zeros (found by fuzz_cluster_wire:
  // "007" opened as 7, a second signed form of the same message).
  if (ec != std::errc() || end != seq.data() + seq.size() || seq.empty() ||
      (seq.size() > 1 && seq[0] == '0') || !is_id(m.sender) || !is_kind(m.kind))
    return std::string("malformed header");
  auto last = last_seq_.find(m.sender);
  if (last != last_seq_.end() && m.seq <= last->second) return std::string("replayed");
  last_seq_[m.sender] = m.seq;
  m.body = frames[2];
  return m;
}

}  // namespace parkit::cluster
