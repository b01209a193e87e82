#include <gtest/gtest.h>

#include "FlvAudioTag.h"
#include "FlvVideoTag.h"
#include "MediaSamples.h"
#include "RtmpError.h"

using namespace sockstream::rtmp;
using namespace sockstream::rtmp::test;
using sockstream::Codec;
using Kind = FlvVideoTag::Kind;

TEST(FlvVideoTag, ParsesAnAvcSequenceHeader) {
    const auto tag = FlvVideoTag::parse(avcTag(true, 0, 0, avcC()));
    EXPECT_EQ(tag.kind, Kind::SequenceStart);
    EXPECT_EQ(tag.codec, Codec::H264);
    EXPECT_EQ(tag.data, avcC());
}

TEST(FlvVideoTag, ParsesNaluPacketsWithSignedCompositionTime) {
    auto tag = FlvVideoTag::parse(avcTag(true, 1, 80, nalus()));
    EXPECT_EQ(tag.kind, Kind::CodedFrame);
    EXPECT_TRUE(tag.keyframe);
    EXPECT_EQ(tag.compositionTime, 80);
    EXPECT_EQ(tag.data, nalus());
    tag = FlvVideoTag::parse(avcTag(false, 1, 0xFFFFD8, nalus()));  // -40
    EXPECT_FALSE(tag.keyframe);
    EXPECT_EQ(tag.compositionTime, -40);
}

TEST(FlvVideoTag, RefusesNalLengthsThatDoNotFillTheFrame) {
    EXPECT_THROW(FlvVideoTag::parse(avcTag(true, 1, 0, raw({0, 0, 0, 9, 0x65}))), RtmpError);
    EXPECT_THROW(FlvVideoTag::parse(avcTag(true, 1, 0, raw({0, 0, 0, 1, 0x65, 0}))), RtmpError);
    EXPECT_THROW(FlvVideoTag::parse(avcTag(true, 1, 0, raw({0, 0, 0, 0}))), RtmpError);
}

TEST(FlvVideoTag, RefusesBadDecoderConfigurations) {
    EXPECT_THROW(FlvVideoTag::parse(avcTag(true, 0, 0, raw({1, 0x64, 0}))), RtmpError);  // too short
    std::string wrongVersion = avcC();
    wrongVersion[0] = 2;
    EXPECT_THROW(FlvVideoTag::parse(avcTag(true, 0, 0, wrongVersion)), RtmpError);
    std::string twoByteLengths = avcC();
    twoByteLengths[4] = static_cast<char>(0xFD);
    EXPECT_THROW(FlvVideoTag::parse(avcTag(true, 0, 0, twoByteLengths)), RtmpError);
    EXPECT_THROW(FlvVideoTag::parse(exTag(true, 0, "hvc1", hvcC().substr(0, 10))), RtmpError);
    EXPECT_THROW(FlvVideoTag::parse(exTag(true, 0, "av01", raw({0x80, 0, 0, 0}))), RtmpError);
}

TEST(FlvVideoTag, RefusesTruncatedHeadersAndUnknownAvcPacketTypes) {
    EXPECT_THROW(FlvVideoTag::parse(raw({0x17, 0x01, 0x00})), RtmpError);
    EXPECT_THROW(FlvVideoTag::parse(avcTag(true, 7, 0, "")), RtmpError);
    EXPECT_THROW(FlvVideoTag::parse(raw({0x91, 'h', 'v'})), RtmpError);
    EXPECT_THROW(FlvVideoTag::parse(exTag(true, 1, "hvc1", raw({0, 0}))), RtmpError);  // no room for cts
}

TEST(FlvVideoTag, ParsesEnhancedRtmpHevc) {
    auto tag = FlvVideoTag::parse(exTag(true, 0, "hvc1", hvcC()));
    EXPECT_EQ(tag.kind, Kind::SequenceStart);
    EXPECT_EQ(tag.codec, Codec::HEVC);
    tag = FlvVideoTag::parse(exTag(true, 1, "hvc1", raw({0, 0, 40}) + nalus()));
    EXPECT_EQ(tag.kind, Kind::CodedFrame);
    EXPECT_EQ(tag.compositionTime, 40);
    EXPECT_TRUE(tag.keyframe);
    tag = FlvVideoTag::parse(exTag(false, 3, "hvc1", nalus()));  // CodedFramesX: no cts
    EXPECT_EQ(tag.kind, Kind::CodedFrame);
    EXPECT_EQ(tag.compositionTime, 0);
    EXPECT_EQ(tag.data, nalus());
    EXPECT_FALSE(tag.keyframe);
    EXPECT_EQ(FlvVideoTag::parse(exTag(false, 2, "hvc1", "")).kind, Kind::SequenceEnd);
}

TEST(FlvVideoTag, ParsesEnhancedRtmpAv1) {
    auto tag = FlvVideoTag::parse(exTag(true, 0, "av01", av1C()));
    EXPECT_EQ(tag.codec, Codec::AV1);
    EXPECT_EQ(tag.kind, Kind::SequenceStart);
    tag = FlvVideoTag::parse(exTag(true, 1, "av01", raw({0x12, 0x00, 0x0a, 0x0b})));
    EXPECT_EQ(tag.kind, Kind::CodedFrame);
    EXPECT_EQ(tag.data, raw({0x12, 0x00, 0x0a, 0x0b}));  // OBUs: no composition time in front
}

TEST(FlvVideoTag, IgnoresWhatItDoesNotCarry) {
    EXPECT_EQ(FlvVideoTag::parse("").kind, Kind::Ignored);
    EXPECT_EQ(FlvVideoTag::parse(raw({0x12, 0x00})).kind, Kind::Ignored);                 // Sorenson H.263
    EXPECT_EQ(FlvVideoTag::parse(raw({0x57, 0x00})).kind, Kind::Ignored);                 // command frame
    EXPECT_EQ(FlvVideoTag::parse(exTag(true, 1, "vp09", "x")).kind, Kind::Ignored);       // unknown FourCC
    EXPECT_EQ(FlvVideoTag::parse(exTag(true, 4, "hvc1", "x")).kind, Kind::Ignored);       // metadata packet
    EXPECT_EQ(FlvVideoTag::parse(raw({0x86})).kind, Kind::Ignored);                       // multitrack
    EXPECT_EQ(FlvVideoTag::parse(avcTag(true, 1, 0, "")).kind, Kind::Ignored);            // empty frame
}

TEST(FlvAudioTag, ParsesAacConfigAndFrames) {
    auto tag = FlvAudioTag::parse(aacConfigTag());
    EXPECT_EQ(tag.kind, FlvAudioTag::Kind::SequenceStart);
    EXPECT_EQ(tag.codec, Codec::AAC);
    EXPECT_EQ(tag.sampleRate, 44100);
    EXPECT_EQ(tag.channels, 2);
    EXPECT_EQ(tag.data, raw({0x12, 0x10}));
    tag = FlvAudioTag::parse(aacFrameTag());
    EXPECT_EQ(tag.kind, FlvAudioTag::Kind::Frame);
    EXPECT_EQ(tag.data, raw({0x21, 0x10, 0x04}));
}

TEST(FlvAudioTag, ReadsExplicitSampleRatesFromTheSequenceHeader) {
    // object type 2, rate index 15, 24-bit rate 32000, 1 channel (parsing: libs/codec, tests/unit/codec)
    auto tag = FlvAudioTag::parse(raw({0xAF, 0x00, 0x17, 0x80, 0x3E, 0x80, 0x08}));
    EXPECT_EQ(tag.kind, FlvAudioTag::Kind::SequenceStart);
    EXPECT_EQ(tag.sampleRate, 32000);
    EXPECT_EQ(tag.channels, 1);
    EXPECT_THROW(FlvAudioTag::parse(raw({0xAF, 0x00, 0x16, 0x90})), RtmpError) << "reserved rate index";
}

TEST(FlvAudioTag, RefusesMalformedAac) {
    EXPECT_THROW(FlvAudioTag::parse(raw({0xAF})), RtmpError);                    // no packet type
    EXPECT_THROW(FlvAudioTag::parse(raw({0xAF, 0x00, 0x12})), RtmpError);        // truncated config
    EXPECT_THROW(FlvAudioTag::parse(raw({0xAF, 0x00, 0x16, 0x80})), RtmpError);  // reserved rate index 13
    EXPECT_THROW(FlvAudioTag::parse(raw({0xAF, 0x00, 0x00, 0x10})), RtmpError);  // object type 0
    EXPECT_THROW(FlvAudioTag::parse(raw({0xAF, 0x05, 0x00})), RtmpError);        // unknown packet type
}

TEST(FlvAudioTag, CarriesMp3AndIgnoresOtherFormats) {
    auto tag = FlvAudioTag::parse(raw({0x2F, 0xFF, 0xFB}));
    EXPECT_EQ(tag.kind, FlvAudioTag::Kind::Frame);
    EXPECT_EQ(tag.codec, Codec::MP3);
    EXPECT_EQ(tag.sampleRate, 44100);
    EXPECT_EQ(tag.channels, 2);
    EXPECT_EQ(FlvAudioTag::parse(raw({0x6F, 0x00})).kind, FlvAudioTag::Kind::Ignored);  // Nellymoser
    EXPECT_EQ(FlvAudioTag::parse(raw({0xAF, 0x01})).kind, FlvAudioTag::Kind::Ignored);  // empty AAC frame
}
