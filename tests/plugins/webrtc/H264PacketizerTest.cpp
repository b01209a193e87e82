// RFC 6184 packetizing: every access unit depacketizes back to its NAL units,
// with SPS/PPS in a STAP-A ahead of each IDR and the marker on the last packet.
#include <gtest/gtest.h>

#include "H264Depacketizer.h"
#include "H264Packetizer.h"
#include "WebRtcError.h"

#include "NalUnitBytes.h"

using namespace sockstream::webrtc;

namespace {
const std::string kSps = std::string("\x67\x64\x00\x1f\xac\xd9\x40\x50\x05\xbb\x01\x10", 12);
const std::string kPps = std::string("\x68\xeb\xe3\xcb\x22\xc0", 6);

std::string avcc() {
    std::string record("\x01\x64\x00\x1f\xff\xe1", 6);
    record += static_cast<char>(kSps.size() >> 8);
    record += static_cast<char>(kSps.size() & 0xFF);
    record += kSps;
    record += '\x01';
    record += static_cast<char>(kPps.size() >> 8);
    record += static_cast<char>(kPps.size() & 0xFF);
    record += kPps;
    return record;
}

RtpStreamParameters parameters(std::size_t maxPayload = 1200) {
    RtpStreamParameters p;
    p.payloadType = 108;
    p.ssrc = 0x01020304;
    p.firstSequence = 65534;  // wraps within the test
    p.timestampBase = 1000;
    p.maxPayloadSize = maxPayload;
    return p;
}
}  // namespace

TEST(H264Packetizer, SendsParameterSetsInAStapAAheadOfEachIdrAndFragmentsLargeSlices) {
    H264Packetizer packetizer(parameters());
    packetizer.setDecoderConfig(avcc());
    const std::string idr = nalUnit('\x65', 5000, '\x11');
    const std::string sei = nalUnit('\x06', 20, '\x22');
    const auto packets = packetizer.packetize(lengthPrefixed({std::string("\x09\xf0", 2), sei, idr}), sockstream::MediaTime::fromMilliseconds(40));

    const auto got = depacketize(packets, 108, 0x01020304);
    // AUD dropped; STAP-A (SPS, PPS) then SEI then the IDR rebuilt from FU-A.
    ASSERT_EQ(got.units.size(), 4u);
    EXPECT_EQ(got.units[0], kSps);
    EXPECT_EQ(got.units[1], kPps);
    EXPECT_EQ(got.units[2], sei);
    EXPECT_EQ(got.units[3], idr);
    // 1 STAP-A + 1 SEI + ceil(4999 / 1198) = 5 FU-A fragments.
    ASSERT_EQ(packets.size(), 7u);
    EXPECT_EQ(static_cast<unsigned char>(packets[0][12]) & 0x1F, 24);
    for (std::size_t i = 0; i < packets.size(); ++i) {
        EXPECT_LE(packets[i].size(), 12u + 1200u);
        EXPECT_EQ(got.markers[i], i + 1 == packets.size()) << i;
        EXPECT_EQ(got.timestamps[i], 1000u + 40u * 90u);
        EXPECT_EQ(got.sequences[i], static_cast<std::uint16_t>(65534 + i));
    }
}

TEST(H264Packetizer, SendsSmallSlicesAsSingleNalUnitsWithoutParameterSets) {
    H264Packetizer packetizer(parameters());
    packetizer.setDecoderConfig(avcc());
    const std::string slice = nalUnit('\x41', 800, '\x33');
    const auto packets = packetizer.packetize(lengthPrefixed({slice}), sockstream::MediaTime::fromMilliseconds(1000));
    ASSERT_EQ(packets.size(), 1u);
    const auto got = depacketize(packets, 108, 0x01020304);
    EXPECT_EQ(got.units, std::vector<std::string>{slice});
    EXPECT_TRUE(got.markers[0]);
    EXPECT_EQ(got.timestamps[0], 1000u + 90'000u);
}

TEST(H264Packetizer, KeepsTheExactTicksOfA90kHzSourceAndRoundsOtherClocksDown) {
    H264Packetizer packetizer(parameters());
    packetizer.setDecoderConfig(avcc());
    const std::string slice = nalUnit('\x41', 100, '\x33');
    // 1001/30000 s (29.97 fps) on 90 kHz: 3003 ticks, which milliseconds (33) would make 2970.
    auto got = depacketize(packetizer.packetize(lengthPrefixed({slice}), sockstream::MediaTime{3003, 90000}), 108, 0x01020304);
    EXPECT_EQ(got.timestamps[0], 1000u + 3003u);
    // 48 kHz: 1601 ticks are 3001.875 ticks at 90 kHz, rounded down.
    got = depacketize(packetizer.packetize(lengthPrefixed({slice}), sockstream::MediaTime{1601, 48000}), 108, 0x01020304);
    EXPECT_EQ(got.timestamps[0], 1000u + 3001u);
}

TEST(AvcNalUnits, ReadsTheSliceTypeToFindBFrames) {
    EXPECT_EQ(sliceType(std::string("\x65\x88\x84\x00", 4)), 7);   // IDR, I slice (all-I type 7)
    EXPECT_EQ(sliceType(std::string("\x41\x9a\x02\x03", 4)), 5);   // P
    EXPECT_EQ(sliceType(std::string("\x01\xa8\x00\x10", 4)), 1);   // B
    EXPECT_EQ(sliceType(std::string("\x67\x42\xc0\x0d", 4)), std::nullopt);  // an SPS is no slice
    EXPECT_EQ(sliceType(std::string("\x41", 1)), std::nullopt);                  // no header
    EXPECT_EQ(sliceType(std::string("\x41\x00\x00\x00\x00\x00", 6)), std::nullopt);  // an endless exp-Golomb code
    EXPECT_TRUE(hasBSlice(lengthPrefixed({std::string("\x01\xa8\x00\x10", 4)}), 4));
    EXPECT_FALSE(hasBSlice(lengthPrefixed({std::string("\x41\x9a\x02\x03", 4)}), 4));
    EXPECT_THROW(hasBSlice(std::string("\x00\x00\x00\x09\x41", 5), 4), WebRtcError);
}

TEST(H264Packetizer, UsesInBandParameterSetsOverTheDecoderConfig) {
    H264Packetizer packetizer(parameters());
    packetizer.setDecoderConfig(avcc());
    const std::string newSps = nalUnit('\x67', 15, '\x44');
    const std::string newPps = nalUnit('\x68', 5, '\x55');
    const std::string idr = nalUnit('\x65', 300, '\x66');
    auto got = depacketize(packetizer.packetize(lengthPrefixed({newSps, newPps, idr}), sockstream::MediaTime::fromMilliseconds(0)), 108, 0x01020304);
    EXPECT_EQ(got.units, (std::vector<std::string>{newSps, newPps, idr}));
    // ... and remembers them for the next IDR that comes without.
    got = depacketize(packetizer.packetize(lengthPrefixed({idr}), sockstream::MediaTime::fromMilliseconds(33)), 108, 0x01020304);
    EXPECT_EQ(got.units, (std::vector<std::string>{newSps, newPps, idr}));
}

TEST(H264Packetizer, HonoursTheConfiguredPayloadSizeExactly) {
    H264Packetizer packetizer(parameters(100));
    packetizer.setDecoderConfig(avcc());
    const std::string exact = nalUnit('\x41', 100, '\x01');
    const std::string oneMore = nalUnit('\x41', 101, '\x02');
    auto packets = packetizer.packetize(lengthPrefixed({exact}), sockstream::MediaTime::fromMilliseconds(0));
    ASSERT_EQ(packets.size(), 1u);
    EXPECT_EQ(packets[0].size(), 112u);
    packets = packetizer.packetize(lengthPrefixed({oneMore}), sockstream::MediaTime::fromMilliseconds(0));
    ASSERT_EQ(packets.size(), 2u);  // 100 data bytes over 98 + 2
    for (const auto& packet : packets) EXPECT_LE(packet.size(), 112u);
    EXPECT_EQ(depacketize(packets, 108, 0x01020304).units, std::vector<std::string>{oneMore});
}

TEST(H264Packetizer, TimestampsWrapModulo32Bits) {
    auto p = parameters();
    p.timestampBase = 0xFFFFFF00u;
    H264Packetizer packetizer(p);
    packetizer.setDecoderConfig(avcc());
    const auto got = depacketize(packetizer.packetize(lengthPrefixed({nalUnit('\x41', 10, 0)}), sockstream::MediaTime::fromMilliseconds(10)), 108, 0x01020304);
    EXPECT_EQ(got.timestamps[0], static_cast<std::uint32_t>(0xFFFFFF00u + 900u));
}

TEST(H264Packetizer, RefusesMalformedAccessUnitsAndConfigs) {
    H264Packetizer packetizer(parameters());
    packetizer.setDecoderConfig(avcc());
    EXPECT_THROW(packetizer.packetize(std::string("\x00\x00\x00\x09\x41", 5), sockstream::MediaTime::fromMilliseconds(0)), WebRtcError);  // length overruns
    EXPECT_THROW(packetizer.packetize(std::string("\x00\x00\x00", 3), sockstream::MediaTime::fromMilliseconds(0)), WebRtcError);          // truncated length
    EXPECT_THROW(packetizer.packetize(std::string("\x00\x00\x00\x00", 4), sockstream::MediaTime::fromMilliseconds(0)), WebRtcError);      // empty NAL unit
    EXPECT_EQ(packetizer.nextSequence(), 65534);  // nothing was sent

    EXPECT_THROW(packetizer.setDecoderConfig(""), WebRtcError);
    EXPECT_THROW(packetizer.setDecoderConfig(std::string("\x02\x64\x00\x1f\xff\xe1\x00", 7)), WebRtcError);
    std::string truncated = avcc();
    truncated.resize(truncated.size() - 2);
    EXPECT_THROW(packetizer.setDecoderConfig(truncated), WebRtcError);
    std::string threeByteLengths = avcc();
    threeByteLengths[4] = static_cast<char>(0xFE);
    EXPECT_THROW(packetizer.setDecoderConfig(threeByteLengths), WebRtcError);
    EXPECT_THROW(H264Packetizer(parameters(2)), WebRtcError);
}

TEST(H264Packetizer, ReadsTwoByteNalLengthsWhenTheConfigSaysSo) {
    H264Packetizer packetizer(parameters());
    std::string record = avcc();
    record[4] = static_cast<char>(0xFD);  // lengthSizeMinusOne = 1
    packetizer.setDecoderConfig(record);
    const std::string slice = nalUnit('\x41', 5, '\x07');
    const auto got = depacketize(packetizer.packetize(std::string("\x00\x05", 2) + slice, sockstream::MediaTime::fromMilliseconds(0)), 108, 0x01020304);
    EXPECT_EQ(got.units, std::vector<std::string>{slice});
}

TEST(H264Packetizer, SendsAnAccessUnitOfParameterSetsAloneButNotAnEmptyOne) {
    H264Packetizer packetizer(parameters());
    packetizer.setDecoderConfig(avcc());
    EXPECT_TRUE(packetizer.packetize("", sockstream::MediaTime::fromMilliseconds(0)).empty());
    EXPECT_TRUE(packetizer.packetize(lengthPrefixed({std::string("\x09\xf0", 2)}), sockstream::MediaTime::fromMilliseconds(0)).empty());
    const auto got = depacketize(packetizer.packetize(lengthPrefixed({kSps, kPps}), sockstream::MediaTime::fromMilliseconds(0)), 108, 0x01020304);
    EXPECT_EQ(got.units, (std::vector<std::string>{kSps, kPps}));
    EXPECT_TRUE(got.markers.back());
}
