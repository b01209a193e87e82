// RFC 7587 packetizing and the RFC 6716 framing rules it relies on: one Opus
// packet per RTP packet, 48 kHz timestamps from the base, marker on the first
// packet of each talkspurt only, malformed packets refused.
#include <gtest/gtest.h>

#include "OpusPacket.h"
#include "OpusPacketizer.h"
#include "WebRtcError.h"
#include "WireBytes.h"

using namespace sockstream;
using namespace sockstream::webrtc;

namespace {
std::string opus(std::initializer_list<int> values) { return wireBytes(values); }
const std::string kCelt20ms = opus({0xF8, 0x11, 0x22, 0x33});  // config 31 (CELT FB 20 ms), one frame

RtpStreamParameters parameters() {
    RtpStreamParameters p;
    p.payloadType = 111;
    p.ssrc = 0xA1B2C3D4;
    p.firstSequence = 65535;
    p.timestampBase = 0xFFFFFF00;
    p.maxPayloadSize = 1200;
    return p;
}

struct Header {
    bool marker;
    int payloadType;
    std::uint16_t sequence;
    std::uint32_t timestamp;
    std::uint32_t ssrc;
};
Header header(const std::string& packet) {
    const auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(packet[i])); };
    EXPECT_EQ(b(0), 0x80u);
    return {(b(1) & 0x80) != 0, static_cast<int>(b(1) & 0x7F), static_cast<std::uint16_t>((b(2) << 8) | b(3)),
            (b(4) << 24) | (b(5) << 16) | (b(6) << 8) | b(7), (b(8) << 24) | (b(9) << 16) | (b(10) << 8) | b(11)};
}
}  // namespace

TEST(OpusPacket, CountsSamplesFromTheTocAndFrameCount) {
    EXPECT_EQ(opusPacketSamples(kCelt20ms), 960);
    EXPECT_EQ(opusPacketSamples(opus({0xF8})), 960);               // a DTX packet: TOC only
    EXPECT_EQ(opusPacketSamples(opus({0x08})), 960);               // config 1: SILK NB 20 ms
    EXPECT_EQ(opusPacketSamples(opus({0x18})), 2880);              // config 3: SILK NB 60 ms
    EXPECT_EQ(opusPacketSamples(opus({0x60})), 480);               // config 12: hybrid SWB 10 ms
    EXPECT_EQ(opusPacketSamples(opus({0x68})), 960);               // config 13: hybrid SWB 20 ms
    EXPECT_EQ(opusPacketSamples(opus({0x80})), 120);               // config 16: CELT NB 2.5 ms
    EXPECT_EQ(opusPacketSamples(opus({0x01, 1, 2})), 960);         // code 1: two 10 ms frames
    EXPECT_EQ(opusPacketSamples(opus({0x02, 1, 9, 9})), 960);      // code 2: first frame 1 byte
    EXPECT_EQ(opusPacketSamples(opus({0x03, 3, 0, 0})), 1440);     // code 3: three 10 ms frames
    EXPECT_EQ(opusPacketSamples(opus({0x1B, 2})), 5760);           // two 60 ms frames: 120 ms, the maximum
}

TEST(OpusPacket, RefusesPacketsThatBreakTheFramingRules) {
    EXPECT_FALSE(opusPacketSamples(""));
    EXPECT_FALSE(opusPacketSamples(opus({0x01, 1})));              // code 1 with an odd payload
    EXPECT_FALSE(opusPacketSamples(opus({0x02})));                 // code 2 without its length
    EXPECT_FALSE(opusPacketSamples(opus({0x02, 5, 1})));           // code 2 length past the end
    EXPECT_FALSE(opusPacketSamples(opus({0x02, 252})));            // two-byte length truncated
    EXPECT_FALSE(opusPacketSamples(opus({0x02, 252, 1, 0})));      // 256 bytes claimed, 1 present
    EXPECT_FALSE(opusPacketSamples(opus({0x03})));                 // code 3 without its count
    EXPECT_FALSE(opusPacketSamples(opus({0x03, 0})));              // code 3 with no frames
    EXPECT_FALSE(opusPacketSamples(opus({0x1B, 3})));              // 180 ms: over 120 ms
    EXPECT_FALSE(opusPacketSamples(opus({0xFB, 0x3F})));           // 63 x 20 ms
}

TEST(OpusPacketizer, OnePacketPerOpusPacketOn48kHzFromTheBase) {
    OpusPacketizer packetizer(parameters());
    const auto first = packetizer.packetize(kCelt20ms, MediaTime{0, 48000});
    const auto second = packetizer.packetize(kCelt20ms, MediaTime{960, 48000});
    const auto third = packetizer.packetize(kCelt20ms, MediaTime{40, 1000});  // any clock: 40 ms = 1920 ticks
    EXPECT_EQ(first.substr(12), kCelt20ms);
    const Header a = header(first), b = header(second), c = header(third);
    EXPECT_EQ(a.payloadType, 111);
    EXPECT_EQ(a.ssrc, 0xA1B2C3D4u);
    EXPECT_EQ(a.sequence, 65535);
    EXPECT_EQ(b.sequence, 0);  // wraps
    EXPECT_EQ(c.sequence, 1);
    EXPECT_EQ(a.timestamp, 0xFFFFFF00u);
    EXPECT_EQ(b.timestamp, 0xFFFFFF00u + 960u);  // wraps modulo 2^32
    EXPECT_EQ(c.timestamp, 0xFFFFFF00u + 1920u);
    EXPECT_EQ(packetizer.nextSequence(), 2);
    EXPECT_EQ(packetizer.rtpTimestamp(MediaTime{1, 1}), 0xFFFFFF00u + 48000u);
}

TEST(OpusPacketizer, MarksTheFirstPacketOfEachTalkspurtOnly) {
    OpusPacketizer packetizer(parameters());
    std::vector<bool> markers;
    for (std::int64_t ticks : {0, 960, 1920, 2880 + 9600, 2880 + 9600 + 960}) {
        markers.push_back(header(packetizer.packetize(kCelt20ms, MediaTime{ticks, 48000})).marker);
    }
    EXPECT_EQ(markers, (std::vector<bool>{true, false, false, true, false}));
    // A 60 ms packet advances the expected time by 60 ms: no marker after it.
    OpusPacketizer longer(parameters());
    EXPECT_TRUE(header(longer.packetize(opus({0x18, 1}), MediaTime{0, 48000})).marker);
    EXPECT_FALSE(header(longer.packetize(kCelt20ms, MediaTime{2880, 48000})).marker);
}

TEST(OpusPacketizer, RefusesEmptyMalformedAndOversizedPackets) {
    auto p = parameters();
    p.maxPayloadSize = 100;
    OpusPacketizer packetizer(p);
    EXPECT_THROW(packetizer.packetize("", MediaTime{0, 48000}), WebRtcError);
    EXPECT_THROW(packetizer.packetize(opus({0x03, 0}), MediaTime{0, 48000}), WebRtcError);
    std::string big = kCelt20ms;
    big.resize(101, 'x');
    EXPECT_THROW(packetizer.packetize(big, MediaTime{0, 48000}), WebRtcError);
    EXPECT_EQ(packetizer.nextSequence(), 65535);  // nothing was sent
    big.resize(100);
    EXPECT_NO_THROW(packetizer.packetize(big, MediaTime{0, 48000}));
}
