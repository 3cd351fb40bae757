#include <gtest/gtest.h>

#include <set>
#include <string>
#include <variant>
#include <vector>

#include "parkit/cluster/wire.hpp"
#include "parkit/errors.hpp"

using namespace parkit;
using namespace parkit::cluster;

namespace {

Message msg(const std::string& sender, std::uint64_t seq, std::string body = "payload") {
  return {sender, seq, "apply", std::move(body)};
}

std::string refusal(Opener& o, const std::vector<std::string>& frames) {
  auto r = o.open(frames);
  return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : "opened";
}

}  // namespace

TEST(ClusterWire, KeysAndIdsAreRandomAndRoundTripAsHex) {
  Key a = Key::random(), b = Key::random();
  EXPECT_NE(a.hex(), b.hex());
  EXPECT_EQ(a.hex().size(), 64u);
  EXPECT_EQ(Key::from_hex(a.hex(), "f").bytes(), a.bytes());
  for (const std::string& bad :
       std::vector<std::string>{"", "00", std::string(63, 'a'), std::string(65, 'a'),
                                std::string(63, 'a') + "g", std::string(62, 'a') + " 1"})
    EXPECT_THROW(Key::from_hex(bad, "conn.json"), UsageError) << bad;
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) ids.insert(random_id());
  EXPECT_EQ(ids.size(), 100u);
  EXPECT_EQ(random_id().size(), 32u);
}

TEST(ClusterWire, ASealedMessageOpensAsItWasSent) {
  Key key = Key::random();
  Opener o(key);
  Message m = msg(random_id(), 7, std::string("any\0bytes\xff", 10));
  auto frames = seal(key, m);
  ASSERT_EQ(frames.size(), 3u);
  auto r = o.open(frames);
  ASSERT_TRUE(std::holds_alternative<Message>(r)) << std::get<std::string>(r);
  EXPECT_EQ(std::get<Message>(r), m);
  EXPECT_THROW(seal(key, {"not-an-id", 1, "apply", ""}), Error);
  EXPECT_THROW(seal(key, {random_id(), 1, "Apply!", ""}), Error);
}

TEST(ClusterWire, WrongKeyUnsignedTamperedAndReplayedMessagesAreRefused) {
  Key key = Key::random();
  const std::string sender = random_id();
  auto good = seal(key, msg(sender, 1));
  {
    Opener other(Key::random());  // a client with the wrong key
    EXPECT_EQ(refusal(other, good), "bad signature");
  }
  Opener o(key);
  auto unsigned_ = good;
  unsigned_[0] = "";
  EXPECT_EQ(refusal(o, unsigned_), "bad signature");
  auto body = good;
  body[2] = "payloaD";
  EXPECT_EQ(refusal(o, body), "bad signature");
  auto header = good;
  header[1] = sender + " 1 kill";
  EXPECT_EQ(refusal(o, header), "bad signature");
  // Moving bytes between header and body changes the signed lengths.
  auto moved = seal(key, {sender, 1, "apply", "x"});
  moved[1] += "x";
  moved[2] = "";
  EXPECT_EQ(refusal(o, moved), "bad signature");
  EXPECT_EQ(refusal(o, {good[0], good[1]}), "not 3 frames");
  Opener fresh(key);
  EXPECT_EQ(refusal(o, good), "opened");
  EXPECT_EQ(refusal(o, good), "replayed");
  EXPECT_EQ(refusal(o, seal(key, msg(sender, 1, "other"))), "replayed");
  EXPECT_EQ(refusal(o, seal(key, msg(sender, 0))), "replayed");
  EXPECT_EQ(refusal(o, seal(key, msg(sender, 2))), "opened");
  EXPECT_EQ(refusal(o, seal(key, msg(random_id(), 1))), "opened");  // senders count apart
  EXPECT_EQ(refusal(fresh, good), "opened");  // another receiver has its own record
}

TEST(ClusterWire, TheSignatureIsHmacSha256OfTheLengthPrefixedHeaderAndBody) {
  // Computed with Python's hmac module: for each of header and body, its length as 8 bytes
  // little-endian, then its bytes; key 32 zero bytes.
  Key zero = Key::from_hex(std::string(64, '0'), "t");
  EXPECT_EQ(detail::signature(zero, "0123456789abcdef0123456789abcdef 7 apply", "body"),
            "ad7ca9d593a306fc53a7adcefa5b7a16fb0ef32df9b146ce53d757a7e5ceaffb");
  Opener o(zero);
  auto r = o.open({"ad7ca9d593a306fc53a7adcefa5b7a16fb0ef32df9b146ce53d757a7e5ceaffb",
                   "0123456789abcdef0123456789abcdef 7 apply", "body"});
  ASSERT_TRUE(std::holds_alternative<Message>(r));
  EXPECT_EQ(std::get<Message>(r).seq, 7u);
  // Signed but malformed headers (only a key holder could send them) are refused all the same.
  for (const std::string& h : std::vector<std::string>{
           "0123456789abcdef0123456789abcdef -1 apply", "0123456789abcdef0123456789abcdef 1 a b",
           "0123456789abcdef0123456789abcdef 99999999999999999999999 apply",
           "0123456789abcdef0123456789abcdeg 1 apply", "x", ""})
    EXPECT_EQ(refusal(o, {detail::signature(zero, h, "b"), h, "b"}), "malformed header") << h;
}
