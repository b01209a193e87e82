#include <gtest/gtest.h>

#include "HandshakeDigest.h"
#include "RtmpError.h"
#include "ServerHandshake.h"

using namespace sockstream::rtmp;

namespace {
const std::uint8_t* u8(const std::string& s) { return reinterpret_cast<const std::uint8_t*>(s.data()); }
}

TEST(ServerHandshake, PlainHandshakeEchoesC1AndWaitsForC2) {
    std::string c1(1536, '\0');
    for (std::size_t i = 8; i < c1.size(); ++i) c1[i] = static_cast<char>(i * 7);
    const std::string c0c1 = std::string(1, '\x03') + c1;
    ServerHandshake handshake;
    std::string out;
    EXPECT_EQ(handshake.feed(u8(c0c1), c0c1.size(), out), c0c1.size());
    ASSERT_EQ(out.size(), 1u + 1536 * 2);
    EXPECT_EQ(out[0], 3);
    EXPECT_EQ(out.substr(1 + 1536), c1);
    EXPECT_FALSE(handshake.done());
    EXPECT_FALSE(handshake.usedDigest());

    // C2 followed by the first chunk: only C2 is taken.
    const std::string rest = std::string(1536, 'c') + "CHUNK";
    EXPECT_EQ(handshake.feed(u8(rest), rest.size(), out), 1536u);
    EXPECT_TRUE(handshake.done());
}

TEST(ServerHandshake, AcceptsInputOneByteAtATime) {
    std::string c0c1(1537, '\0');
    c0c1[0] = 3;
    ServerHandshake handshake;
    std::string out;
    for (char c : c0c1 + std::string(1536, 'x')) {
        std::string one(1, c);
        EXPECT_EQ(handshake.feed(u8(one), 1, out), 1u);
    }
    EXPECT_TRUE(handshake.done());
    EXPECT_EQ(out.size(), 3073u);
}

TEST(ServerHandshake, AnswersTheDigestVariantInBothSchemes) {
    for (int scheme : {0, 1}) {
        const std::string c1 = HandshakeDigest::makeClientC1(scheme);
        const auto clientOffset = HandshakeDigest::findClientDigest(c1);
        ASSERT_TRUE(clientOffset);
        const std::string c0c1 = std::string(1, '\x03') + c1;
        ServerHandshake handshake;
        std::string out;
        handshake.feed(u8(c0c1), c0c1.size(), out);
        ASSERT_TRUE(handshake.usedDigest());
        const std::string s1 = out.substr(1, 1536);
        const std::string s2 = out.substr(1 + 1536);
        // S1 carries a server digest a client can find with the server key.
        const std::size_t offset = HandshakeDigest::digestOffset(s1, scheme);
        EXPECT_EQ(HandshakeDigest::computeDigest(s1, offset, HandshakeDigest::serverKey()), s1.substr(offset, 32));
        EXPECT_TRUE(HandshakeDigest::verifyServerS2(s2, c1.substr(*clientOffset, 32)));
    }
}

TEST(ServerHandshake, FallsBackToPlainWhenTheClientDigestIsWrong) {
    std::string c1 = HandshakeDigest::makeClientC1(0);
    const auto offset = HandshakeDigest::digestOffset(c1, 0);
    c1[offset] ^= 0x55;  // corrupt the digest
    const std::string c0c1 = std::string(1, '\x03') + c1;
    ServerHandshake handshake;
    std::string out;
    handshake.feed(u8(c0c1), c0c1.size(), out);
    EXPECT_FALSE(handshake.usedDigest());
    EXPECT_EQ(out.substr(1 + 1536), c1);
}

TEST(ServerHandshake, RefusesOtherVersions) {
    for (char version : {'\x06', '\x00', '\x08'}) {
        ServerHandshake handshake;
        std::string out;
        std::string c0(1, version);
        EXPECT_THROW(handshake.feed(u8(c0), 1, out), RtmpError);
    }
}
