// RFC 4571 framing for ICE-TCP: whole, partial and split frames, lengths
// split between reads, oversize and zero-length frames.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "Rfc4571Framing.h"

using namespace sockstream::webrtc;

namespace {
std::string framed(std::string_view packet) {
    std::string out;
    EXPECT_TRUE(appendRfc4571Frame(out, packet));
    return out;
}

struct Collected {
    std::vector<std::string> frames;
    Rfc4571Reader::FrameHandler handler() {
        return [this](std::string_view frame) { frames.emplace_back(frame); };
    }
};
}  // namespace

TEST(Rfc4571Framing, TheLengthIsTwoBigEndianBytesBeforeThePacket) {
    const std::string packet(300, 'x');
    const auto out = framed(packet);
    ASSERT_EQ(out.size(), 302u);
    EXPECT_EQ(static_cast<unsigned char>(out[0]), 0x01);
    EXPECT_EQ(static_cast<unsigned char>(out[1]), 0x2C);
    EXPECT_EQ(out.substr(2), packet);
}

TEST(Rfc4571Framing, APacketLongerThanAFrameCanSayIsNotWritten) {
    std::string out = "kept";
    EXPECT_FALSE(appendRfc4571Frame(out, std::string(70000, 'x')));
    EXPECT_EQ(out, "kept");
    EXPECT_TRUE(appendRfc4571Frame(out, std::string(65535, 'x')));
}

TEST(Rfc4571Framing, ManyFramesInOneReadComeOutInOrder) {
    Rfc4571Reader reader(1500);
    Collected got;
    EXPECT_EQ(reader.feed(framed("one") + framed("two") + framed("three"), got.handler()), Rfc4571Reader::Status::Ok);
    EXPECT_EQ(got.frames, (std::vector<std::string>{"one", "two", "three"}));
    EXPECT_EQ(reader.pending(), 0u);
}

TEST(Rfc4571Framing, AFrameArrivingByteByByteComesOutOnceWhole) {
    Rfc4571Reader reader(1500);
    Collected got;
    const auto bytes = framed(std::string(1200, 'm')) + framed("next");
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        EXPECT_EQ(reader.feed(std::string_view(bytes).substr(i, 1), got.handler()), Rfc4571Reader::Status::Ok);
        if (i < 1201) {
            EXPECT_TRUE(got.frames.empty()) << "after byte " << i;
        }
    }
    ASSERT_EQ(got.frames.size(), 2u);
    EXPECT_EQ(got.frames[0], std::string(1200, 'm'));
    EXPECT_EQ(got.frames[1], "next");
}

TEST(Rfc4571Framing, ALengthSplitBetweenTwoReadsIsJoined) {
    Rfc4571Reader reader(1500);
    Collected got;
    const auto bytes = framed("first") + framed(std::string(258, 'z'));
    // The second frame's length (0x01 0x02) is split after its first byte.
    const std::size_t split = framed("first").size() + 1;
    reader.feed(std::string_view(bytes).substr(0, split), got.handler());
    EXPECT_EQ(got.frames, (std::vector<std::string>{"first"}));
    EXPECT_EQ(reader.pending(), 1u);
    reader.feed(std::string_view(bytes).substr(split), got.handler());
    ASSERT_EQ(got.frames.size(), 2u);
    EXPECT_EQ(got.frames[1], std::string(258, 'z'));
}

TEST(Rfc4571Framing, AFrameLongerThanTheLimitEndsTheStreamForGood) {
    Rfc4571Reader reader(1500);
    Collected got;
    std::string bytes = framed("ok");
    bytes += '\x05';
    bytes += '\xDD';  // 1501 bytes announced
    bytes += framed("never");
    EXPECT_EQ(reader.feed(bytes, got.handler()), Rfc4571Reader::Status::Oversize);
    EXPECT_EQ(got.frames, (std::vector<std::string>{"ok"}));
    EXPECT_EQ(reader.feed(framed("later"), got.handler()), Rfc4571Reader::Status::Oversize);
    EXPECT_EQ(got.frames.size(), 1u);
}

TEST(Rfc4571Framing, AnOversizeLengthSplitBetweenReadsIsCaughtToo) {
    Rfc4571Reader reader(1500);
    Collected got;
    EXPECT_EQ(reader.feed("\xFF", got.handler()), Rfc4571Reader::Status::Ok);
    EXPECT_EQ(reader.feed("\xFF", got.handler()), Rfc4571Reader::Status::Oversize);
    EXPECT_TRUE(got.frames.empty());
    EXPECT_EQ(reader.pending(), 0u);
}

TEST(Rfc4571Framing, AFrameOfExactlyTheLimitIsTaken) {
    Rfc4571Reader reader(1500);
    Collected got;
    EXPECT_EQ(reader.feed(framed(std::string(1500, 'a')), got.handler()), Rfc4571Reader::Status::Ok);
    ASSERT_EQ(got.frames.size(), 1u);
}

TEST(Rfc4571Framing, ZeroLengthFramesAreSkipped) {
    Rfc4571Reader reader(1500);
    Collected got;
    std::string bytes(6, '\0');  // three empty frames
    bytes += framed("after");
    EXPECT_EQ(reader.feed(bytes, got.handler()), Rfc4571Reader::Status::Ok);
    EXPECT_EQ(got.frames, (std::vector<std::string>{"after"}));
    // An empty frame split between reads, too.
    EXPECT_EQ(reader.feed(std::string(1, '\0'), got.handler()), Rfc4571Reader::Status::Ok);
    EXPECT_EQ(reader.feed(std::string(1, '\0') + framed("x"), got.handler()), Rfc4571Reader::Status::Ok);
    EXPECT_EQ(got.frames.back(), "x");
}

TEST(Rfc4571Framing, AnIncompleteFrameIsHeldNotHandedOn) {
    Rfc4571Reader reader(1500);
    Collected got;
    const auto bytes = framed(std::string(100, 'q'));
    reader.feed(std::string_view(bytes).substr(0, 50), got.handler());
    EXPECT_TRUE(got.frames.empty());
    EXPECT_EQ(reader.pending(), 50u);
}
