// Opus identification headers: RFC 7845 OpusHead and the MP4 dOps box.
#include <gtest/gtest.h>

#include <string>

#include "sockstream/codec/OpusHead.h"
#include "RecordBytes.h"
#include "sockstream/codec/RecordError.h"

namespace sockstream::codec {
namespace {

using test::raw;

std::string headRefusal(const std::string& bytes) { return test::refusalOf(OpusHead::parseOpusHead, bytes); }
std::string dopsRefusal(const std::string& bytes) { return test::refusalOf(OpusHead::parseDops, bytes); }

/// Stereo, pre-skip 312, 48 kHz input, no gain, family 0: what libopus writes.
std::string stereoHead() {
    return std::string("OpusHead") + raw({0x01, 0x02, 0x38, 0x01, 0x80, 0xBB, 0x00, 0x00, 0x00, 0x00, 0x00});
}
std::string stereoDops() { return raw({0x00, 0x02, 0x01, 0x38, 0x00, 0x00, 0xBB, 0x80, 0x00, 0x00, 0x00}); }
/// 5.1 in Vorbis order: 4 streams, 2 coupled.
std::string surroundHead() {
    return std::string("OpusHead") +
           raw({0x01, 0x06, 0x38, 0x01, 0x80, 0xBB, 0x00, 0x00, 0x00, 0x00, 0x01, 0x04, 0x02, 0, 4, 1, 2, 3, 5});
}

TEST(OpusHead, ReadsAStereoHead) {
    const auto head = OpusHead::parseOpusHead(stereoHead());
    EXPECT_EQ(head.channels, 2);
    EXPECT_EQ(head.preSkip, 312);
    EXPECT_EQ(head.inputSampleRate, 48000u);
    EXPECT_EQ(head.outputGain, 0);
    EXPECT_EQ(head.mappingFamily, 0);
    EXPECT_EQ(head.streamCount, 1);
    EXPECT_EQ(head.coupledCount, 1);
    EXPECT_EQ(head.channelMapping, (std::vector<std::uint8_t>{0, 1}));
    EXPECT_EQ(head.codecString(), "opus");
}

TEST(OpusHead, ReadsAMappingTableAndANegativeGain) {
    std::string bytes = surroundHead();
    bytes[16] = static_cast<char>(0x00);
    bytes[17] = static_cast<char>(0xFD);  // -768 in Q7.8: -3 dB
    const auto head = OpusHead::parseOpusHead(bytes);
    EXPECT_EQ(head.channels, 6);
    EXPECT_EQ(head.mappingFamily, 1);
    EXPECT_EQ(head.streamCount, 4);
    EXPECT_EQ(head.coupledCount, 2);
    EXPECT_EQ(head.channelMapping, (std::vector<std::uint8_t>{0, 4, 1, 2, 3, 5}));
    EXPECT_EQ(head.outputGain, -768);
}

TEST(OpusHead, TheTwoFormsCarryTheSameFields) {
    EXPECT_EQ(OpusHead::parseDops(stereoDops()).writeOpusHead(), stereoHead());
    EXPECT_EQ(OpusHead::parseOpusHead(stereoHead()).writeDops(), stereoDops());
    EXPECT_EQ(OpusHead::parseOpusHead(surroundHead()).writeOpusHead(), surroundHead());
    const auto surround = OpusHead::parseOpusHead(surroundHead());
    const auto viaDops = OpusHead::parseDops(surround.writeDops());
    EXPECT_EQ(viaDops.channelMapping, surround.channelMapping);
    EXPECT_EQ(viaDops.preSkip, 312);
}

TEST(OpusHead, ALaterMinorVersionMayAddBytes) {
    std::string later = stereoHead();
    later[8] = 0x02;
    EXPECT_EQ(OpusHead::parseOpusHead(later + raw({0xAA, 0xBB})).channels, 2);
    // A mono head with family 0 has no table.
    std::string mono = stereoHead();
    mono[9] = 0x01;
    EXPECT_EQ(OpusHead::parseOpusHead(mono).channelMapping, std::vector<std::uint8_t>{0});
    // 255 in a mapping means silence.
    std::string silent = surroundHead();
    silent.back() = static_cast<char>(0xFF);
    EXPECT_EQ(OpusHead::parseOpusHead(silent).channelMapping.back(), 255);
}

TEST(OpusHead, RefusesMalformedHeadsInWords) {
    EXPECT_EQ(headRefusal("OpusHea"), "OpusHead too short (magic)");
    EXPECT_EQ(headRefusal("OpusTags" + stereoHead().substr(8)), "OpusHead does not start with \"OpusHead\"");
    std::string version = stereoHead();
    version[8] = 0x10;
    EXPECT_EQ(headRefusal(version), "OpusHead version 16 is not one this server reads (1-15)");
    version[8] = 0x00;
    EXPECT_EQ(headRefusal(version), "OpusHead version 0 is not one this server reads (1-15)");
    std::string noChannels = stereoHead();
    noChannels[9] = 0;
    EXPECT_EQ(headRefusal(noChannels), "OpusHead has no channels");
    std::string threeInFamily0 = stereoHead();
    threeInFamily0[9] = 3;
    EXPECT_EQ(headRefusal(threeInFamily0), "OpusHead with channel mapping family 0 has 3 channels (at most 2)");
    EXPECT_EQ(headRefusal(stereoHead().substr(0, 18)), "OpusHead too short (channel mapping family)");
    EXPECT_EQ(headRefusal(stereoHead().substr(0, 12)), "OpusHead too short (input sample rate)");

    const std::string surround = surroundHead();
    EXPECT_EQ(headRefusal(surround.substr(0, 20)), "OpusHead too short (coupled stream count)");
    EXPECT_EQ(headRefusal(surround.substr(0, surround.size() - 1)), "OpusHead too short (channel mapping)");
    std::string nineInFamily1 = surround;
    nineInFamily1[9] = 9;
    EXPECT_EQ(headRefusal(nineInFamily1), "OpusHead with channel mapping family 1 has 9 channels (at most 8)");
    std::string noStreams = surround;
    noStreams[19] = 0;
    EXPECT_EQ(headRefusal(noStreams), "OpusHead has no streams");
    std::string moreCoupled = surround;
    moreCoupled[20] = 5;
    EXPECT_EQ(headRefusal(moreCoupled), "OpusHead has more coupled streams than streams");
    std::string beyond = surround;
    beyond.back() = 6;  // 4 + 2 = 6 decoded channels: 0-5
    EXPECT_EQ(headRefusal(beyond), "OpusHead maps a channel to stream channel 6 of 6");
    std::string family255 = surround;
    family255[18] = static_cast<char>(0xFF);
    family255[19] = static_cast<char>(200);
    family255[20] = static_cast<char>(100);
    EXPECT_EQ(headRefusal(family255), "OpusHead decodes more than 255 channels");
    EXPECT_EQ(headRefusal(stereoHead() + std::string(OpusHead::kMaxRecordBytes, '\0')).rfind("OpusHead of ", 0), 0u);
}

TEST(OpusHead, RefusesMalformedDopsInWords) {
    std::string version = stereoDops();
    version[0] = 1;
    EXPECT_EQ(dopsRefusal(version), "Opus specific box (dOps) version is not 0");
    EXPECT_EQ(dopsRefusal(stereoDops().substr(0, 3)), "Opus specific box (dOps) too short (pre-skip)");
    EXPECT_EQ(dopsRefusal(stereoDops() + raw({0x00})), "Opus specific box (dOps) has 1 bytes after its fields");
    std::string threeChannels = stereoDops();
    threeChannels[1] = 3;
    EXPECT_EQ(dopsRefusal(threeChannels), "Opus specific box (dOps) with channel mapping family 0 has 3 channels (at most 2)");
}

}  // namespace
}  // namespace sockstream::codec
