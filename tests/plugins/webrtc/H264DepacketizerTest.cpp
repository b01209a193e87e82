// RFC 6184 receiving for WHIP: what H264Packetizer sends comes back as the same
// access units, in order even when packets are reordered; a loss drops access
// units until the next IDR; malformed and oversized input is dropped.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

// Angle brackets: this folder has a test helper of the same file name.
#include <H264Depacketizer.h>

#include "H264Packetizer.h"
#include "RtpHeader.h"
#include "RtpPacket.h"
#include "sockstream/codec/AvcDecoderConfig.h"

#include "NalUnitBytes.h"

using namespace sockstream::webrtc;

namespace {
const std::string kSps = std::string("\x67\x42\xc0\x1f\xda\x01\x40\x16\xe8\x06\xd0\xa1\x35", 13);
const std::string kPps = std::string("\x68\xce\x06\xe2", 4);

struct Sent {
    std::vector<std::string> packets;
    std::vector<std::string> accessUnits;  ///< what the receiver must give back (with in-band SPS/PPS on IDRs)
};

/// A GOP pattern of `count` access units: an IDR every `gop`, P slices between,
/// some large enough for FU-A; packetized by the real packetizer.
Sent send(int count, int gop, std::uint16_t firstSequence = 65500) {
    RtpStreamParameters parameters;
    parameters.payloadType = 102;
    parameters.ssrc = 7;
    parameters.firstSequence = firstSequence;
    parameters.maxPayloadSize = 1000;
    H264Packetizer packetizer(parameters);
    std::string avcc = *avcDecoderConfig(kSps, kPps);
    packetizer.setDecoderConfig(avcc);
    Sent sent;
    for (int i = 0; i < count; ++i) {
        const bool idr = i % gop == 0;
        const std::string slice = nalUnit(idr ? '\x65' : '\x41', idr ? 4000 : (i % 3 == 0 ? 2500 : 300), static_cast<char>('a' + i % 20));
        for (auto& packet : packetizer.packetize(lengthPrefixed({slice}), sockstream::MediaTime::fromMilliseconds(i * 33))) sent.packets.push_back(std::move(packet));
        sent.accessUnits.push_back(idr ? lengthPrefixed({kSps, kPps, slice}) : lengthPrefixed({slice}));
    }
    return sent;
}

std::vector<H264AccessUnit> receive(H264Depacketizer& depacketizer, const std::vector<std::string>& packets) {
    std::vector<H264AccessUnit> out;
    for (const auto& datagram : packets) {
        const auto packet = RtpPacket::parse(datagram);
        EXPECT_TRUE(packet);
        for (auto& unit : depacketizer.push(*packet)) out.push_back(std::move(unit));
    }
    return out;
}
}  // namespace

TEST(H264Depacketizer, GivesBackWhatThePacketizerSentAcrossTheSequenceWrap) {
    const Sent sent = send(30, 10);
    H264Depacketizer depacketizer;
    const auto units = receive(depacketizer, sent.packets);
    ASSERT_EQ(units.size(), sent.accessUnits.size());
    for (std::size_t i = 0; i < units.size(); ++i) {
        EXPECT_EQ(units[i].data, sent.accessUnits[i]) << i;
        EXPECT_EQ(units[i].keyframe, i % 10 == 0) << i;
        EXPECT_EQ(units[i].rtpTimestamp, static_cast<std::uint32_t>(i * 33 * 90)) << i;
    }
    EXPECT_FALSE(depacketizer.wantsKeyframe());
    EXPECT_EQ(depacketizer.sequenceParameterSet(), kSps);
    EXPECT_EQ(depacketizer.pictureParameterSet(), kPps);
    EXPECT_EQ(depacketizer.droppedAccessUnits(), 0u);
}

TEST(H264Depacketizer, PutsReorderedPacketsBackInOrder) {
    Sent sent = send(30, 10);
    std::mt19937 random(42);
    // Shuffle within blocks of 8 (after the first, whose first packet starts
    // the sequence): reordering a real network does, inside the window.
    for (std::size_t at = 8; at + 8 <= sent.packets.size(); at += 8)
        std::shuffle(sent.packets.begin() + static_cast<std::ptrdiff_t>(at), sent.packets.begin() + static_cast<std::ptrdiff_t>(at + 8), random);
    sent.packets.insert(sent.packets.begin() + 20, sent.packets[5]);  // and a duplicate
    H264Depacketizer depacketizer;
    const auto units = receive(depacketizer, sent.packets);
    ASSERT_EQ(units.size(), sent.accessUnits.size());
    for (std::size_t i = 0; i < units.size(); ++i) EXPECT_EQ(units[i].data, sent.accessUnits[i]) << i;
}

TEST(H264Depacketizer, ALostPacketDropsAccessUnitsUntilTheNextIdr) {
    Sent sent = send(30, 10);
    // Lose one packet of access unit 12 (a P slice of 2500 bytes: FU-A).
    std::size_t packetsBefore12 = 0;
    {
        const Sent first12 = send(12, 10);
        packetsBefore12 = first12.packets.size();
    }
    sent.packets.erase(sent.packets.begin() + static_cast<std::ptrdiff_t>(packetsBefore12 + 1));
    H264Depacketizer::Limits limits;
    limits.reorderWindow = 16;
    H264Depacketizer depacketizer(limits);
    const auto units = receive(depacketizer, sent.packets);
    // 0..11 arrive, 12..19 are dropped (broken, then waiting for an IDR), 20..29 arrive.
    ASSERT_EQ(units.size(), 22u);
    for (std::size_t i = 0; i < 12; ++i) EXPECT_EQ(units[i].data, sent.accessUnits[i]) << i;
    for (std::size_t i = 12; i < 22; ++i) EXPECT_EQ(units[i].data, sent.accessUnits[i + 8]) << i;
    EXPECT_TRUE(units[12].keyframe);
    EXPECT_EQ(depacketizer.droppedAccessUnits(), 8u);
}

TEST(H264Depacketizer, WaitsForAnIdrAtTheStart) {
    Sent sent = send(25, 10);
    // Join after the first IDR: access units 1..9 are P slices without a reference.
    const Sent first1 = send(1, 10);
    sent.packets.erase(sent.packets.begin(), sent.packets.begin() + static_cast<std::ptrdiff_t>(first1.packets.size()));
    H264Depacketizer depacketizer;
    EXPECT_TRUE(depacketizer.wantsKeyframe());
    const auto units = receive(depacketizer, sent.packets);
    ASSERT_EQ(units.size(), 15u);
    EXPECT_TRUE(units[0].keyframe);
    EXPECT_EQ(units[0].data, sent.accessUnits[10]);
    EXPECT_FALSE(depacketizer.wantsKeyframe());
}

TEST(H264Depacketizer, AJumpFarAheadLosesWhatLayBetween) {
    Sent sent = send(30, 10);
    H264Depacketizer depacketizer;
    std::vector<std::string> packets(sent.packets.begin(), sent.packets.begin() + 10);
    // A packet 1000 sequence numbers ahead (a restarted publisher), then the rest as sent.
    std::string far = sent.packets[12];
    const std::uint16_t sequence = static_cast<std::uint16_t>(((static_cast<unsigned char>(far[2]) << 8) | static_cast<unsigned char>(far[3])) + 1000);
    far[2] = static_cast<char>(sequence >> 8);
    far[3] = static_cast<char>(sequence & 0xFF);
    packets.push_back(far);
    (void)receive(depacketizer, packets);
    EXPECT_TRUE(depacketizer.wantsKeyframe());
}

TEST(H264Depacketizer, DropsMalformedPayloadsAndOversizedAccessUnits) {
    const auto make = [](std::uint16_t sequence, std::uint32_t timestamp, bool marker, const std::string& payload) {
        std::string datagram;
        appendRtpHeader(datagram, marker, 102, sequence, timestamp, 7);
        return datagram + payload;
    };
    const std::string idr = nalUnit('\x65', 50, 'x');
    H264Depacketizer depacketizer;
    std::vector<std::string> packets = {
        make(1, 100, true, idr),                                        // good IDR
        make(2, 200, true, std::string("\x19\x00\x01\x41", 4)),         // STAP-B: refused
        make(3, 300, true, std::string("\x18\x00\x05\x41", 4)),         // STAP-A unit past the end
        make(4, 400, true, std::string("\x7c\xc5\x01", 3)),             // FU-A with start and end both set
        make(5, 500, false, std::string("\x7c\x05\x01", 3)),            // FU-A continuation without a start
        make(6, 600, true, std::string("\x7c\x45\x01", 3)),
        make(7, 700, true, std::string("\xe5\x01", 2)),                 // forbidden bit
        make(8, 800, true, idr),                                        // good IDR again
    };
    const auto units = receive(depacketizer, packets);
    ASSERT_EQ(units.size(), 2u);
    EXPECT_EQ(units[0].rtpTimestamp, 100u);
    EXPECT_EQ(units[1].rtpTimestamp, 800u);
    EXPECT_EQ(depacketizer.droppedAccessUnits(), 6u);

    H264Depacketizer::Limits limits;
    limits.maxAccessUnitSize = 100;
    limits.maxNalUnits = 2;
    H264Depacketizer small(limits);
    const auto limited = receive(small, {make(1, 100, true, nalUnit('\x65', 200, 'y')),
                                         make(2, 200, false, nalUnit('\x65', 10, 'y')), make(3, 200, false, nalUnit('\x65', 10, 'y')),
                                         make(4, 200, true, nalUnit('\x65', 10, 'y')),
                                         make(5, 300, true, nalUnit('\x65', 10, 'z'))});
    ASSERT_EQ(limited.size(), 1u);
    EXPECT_EQ(limited[0].rtpTimestamp, 300u);
}

TEST(H264Depacketizer, WritesAnAvcRecordTheCodecLibraryReads) {
    const auto record = avcDecoderConfig(kSps, kPps);
    ASSERT_TRUE(record);
    const auto parsed = sockstream::codec::AvcDecoderConfig::parse(*record);
    EXPECT_EQ(parsed.profile, 0x42);
    EXPECT_EQ(parsed.level, 0x1f);
    EXPECT_EQ(parsed.nalLengthSize, 4);
    EXPECT_EQ(parsed.sequenceParameterSets, std::vector<std::string>{kSps});
    EXPECT_EQ(parsed.pictureParameterSets, std::vector<std::string>{kPps});
    EXPECT_FALSE(avcDecoderConfig("\x67\x42", kPps));
    EXPECT_FALSE(avcDecoderConfig(kSps, ""));
}

TEST(H264Depacketizer, NamesTheMissingPacketsForANackAndSkipsThemWhenTold) {
    Sent sent = send(30, 10, 100);
    const std::size_t packetsBefore15 = send(15, 10, 100).packets.size();
    // Access unit 15 is a 2500-byte P slice: three FU-A packets; the second never arrives.
    const std::uint16_t lost = static_cast<std::uint16_t>(100 + packetsBefore15 + 1);
    sent.packets.erase(sent.packets.begin() + static_cast<std::ptrdiff_t>(packetsBefore15 + 1));
    H264Depacketizer depacketizer;  // a 64-packet window holds all that follows
    const auto before = receive(depacketizer, sent.packets);
    ASSERT_EQ(before.size(), 15u);
    EXPECT_EQ(depacketizer.missingSequences(), std::vector<std::uint16_t>{lost});

    // The retransmission never came: 15..19 are lost, the IDR at 20 starts again.
    const auto after = depacketizer.skipMissing();
    ASSERT_EQ(after.size(), 10u);
    EXPECT_TRUE(after[0].keyframe);
    for (std::size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i].data, sent.accessUnits[20 + i]) << i;
    EXPECT_TRUE(depacketizer.missingSequences().empty());
    EXPECT_FALSE(depacketizer.wantsKeyframe());
    EXPECT_TRUE(depacketizer.skipMissing().empty());
}
