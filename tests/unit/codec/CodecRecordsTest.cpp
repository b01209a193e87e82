#include <gtest/gtest.h>

#include <string>

#include "sockstream/codec/AudioSpecificConfig.h"
#include "sockstream/codec/AvcDecoderConfig.h"
#include "RecordBytes.h"
#include "sockstream/codec/RecordError.h"

namespace sockstream::codec {
namespace {

using test::raw;
using test::refusal;

/// High profile 3.1, one 4-byte SPS and one 2-byte PPS, 4-byte NAL lengths.
std::string avcC() {
    return raw({0x01, 0x64, 0x00, 0x1f, 0xff, 0xe1, 0x00, 0x04, 0x67, 0x64, 0x00, 0x1f, 0x01, 0x00, 0x02, 0x68, 0xee});
}

TEST(AvcDecoderConfig, ReadsProfileLevelLengthSizeAndParameterSets) {
    auto config = AvcDecoderConfig::parse(avcC());
    EXPECT_EQ(config.profile, 0x64);
    EXPECT_EQ(config.level, 0x1f);
    EXPECT_EQ(config.nalLengthSize, 4);
    ASSERT_EQ(config.sequenceParameterSets.size(), 1u);
    EXPECT_EQ(config.sequenceParameterSets[0], raw({0x67, 0x64, 0x00, 0x1f}));
    ASSERT_EQ(config.pictureParameterSets.size(), 1u);
    EXPECT_EQ(config.pictureParameterSets[0], raw({0x68, 0xee}));
    EXPECT_EQ(config.codecString(), "avc1.64001F");
    // The High profile extension after the parameter sets is allowed.
    EXPECT_NO_THROW(AvcDecoderConfig::parse(avcC() + raw({0xfd, 0xf8, 0xf8, 0x00})));
    EXPECT_EQ(AvcDecoderConfig::parse(raw({0x01, 0x42, 0xc0, 0x1e, 0xfc, 0xe0, 0x00})).nalLengthSize, 1);
}

TEST(AvcDecoderConfig, RefusesMalformedRecordsInWords) {
    auto refused = refusal<AvcDecoderConfig>;
    EXPECT_EQ(refused(""), "AVC decoder configuration record too short");
    EXPECT_EQ(refused(raw({0x01, 0x64, 0x00})), "AVC decoder configuration record too short");
    EXPECT_EQ(refused(raw({0x02, 0x64, 0x00, 0x1f, 0xff, 0xe0, 0x00})), "AVC decoder configuration record version is not 1");
    EXPECT_EQ(refused(raw({0x01, 0x64, 0x00, 0x1f, 0xfe, 0xe0, 0x00})),
              "AVC decoder configuration record with 3-byte NAL unit lengths");
    // An SPS longer than what follows, a PPS count with no PPS, an empty SPS.
    EXPECT_EQ(refused(raw({0x01, 0x64, 0x00, 0x1f, 0xff, 0xe1, 0x00, 0x09, 0x67, 0x64})),
              "AVC decoder configuration record too short (sequence parameter set)");
    EXPECT_EQ(refused(raw({0x01, 0x64, 0x00, 0x1f, 0xff, 0xe1, 0x00, 0x01, 0x67, 0x02})),
              "AVC decoder configuration record too short (picture parameter set)");
    EXPECT_EQ(refused(raw({0x01, 0x64, 0x00, 0x1f, 0xff, 0xe1, 0x00, 0x00, 0x00})),
              "AVC decoder configuration record has an empty sequence parameter set");
    EXPECT_EQ(refused(avcC().substr(0, avcC().size() - 1)), "AVC decoder configuration record too short (picture parameter set)");
    // The size limit comes first: nothing of a huge record is read.
    std::string huge = avcC() + std::string(AvcDecoderConfig::kMaxRecordBytes, '\0');
    EXPECT_NE(refused(huge).find("over the 65536-byte limit"), std::string::npos) << refused(huge);
}

TEST(AudioSpecificConfig, ReadsObjectTypeRateAndChannels) {
    auto lc = AudioSpecificConfig::parse(raw({0x12, 0x10}));  // AAC-LC, 44.1 kHz, stereo
    EXPECT_EQ(lc.objectType, 2);
    EXPECT_EQ(lc.sampleRate, 44100);
    EXPECT_EQ(lc.channels, 2);
    EXPECT_EQ(lc.codecString(), "mp4a.40.2");
    auto explicitRate = AudioSpecificConfig::parse(raw({0x17, 0x80, 0x3E, 0x80, 0x08}));  // rate index 15: 24 bits
    EXPECT_EQ(explicitRate.objectType, 2);
    EXPECT_EQ(explicitRate.sampleRate, 32000);
    auto escaped = AudioSpecificConfig::parse(raw({0xF8, 0x4C, 0x40}));  // object type 31 escape: 32 + 2
    EXPECT_EQ(escaped.objectType, 34);
    EXPECT_EQ(escaped.codecString(), "mp4a.40.34");
}

TEST(AudioSpecificConfig, RefusesMalformedConfigsInWords) {
    auto refused = refusal<AudioSpecificConfig>;
    EXPECT_EQ(refused(""), "truncated AudioSpecificConfig");
    EXPECT_EQ(refused(raw({0x12})), "truncated AudioSpecificConfig");
    EXPECT_EQ(refused(raw({0x00, 0x10})), "AudioSpecificConfig with object type 0");
    EXPECT_EQ(refused(raw({0x16, 0x90})), "AudioSpecificConfig with reserved sample rate index");
    EXPECT_EQ(refused(raw({0x17, 0x80, 0x00, 0x00, 0x00})), "AudioSpecificConfig with sample rate 0");
    EXPECT_EQ(refused(raw({0x17, 0x80, 0x3E})), "truncated AudioSpecificConfig");
}

}  // namespace
}  // namespace sockstream::codec
