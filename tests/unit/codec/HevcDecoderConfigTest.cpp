// hvcC (ISO/IEC 14496-15 8.3.3.1): what an H.265 encoder's sequence header holds.
#include <gtest/gtest.h>

#include <string>

#include "sockstream/codec/HevcDecoderConfig.h"
#include "RecordBytes.h"
#include "sockstream/codec/RecordError.h"

namespace sockstream::codec {
namespace {

using test::raw;

std::string refusal(const std::string& bytes) { return test::refusal<HevcDecoderConfig>(bytes); }

/// Main profile, Main tier, level 3.1, 4:2:0 8-bit, 4-byte NAL lengths; one VPS, SPS and PPS.
std::string fixedPart(int arrays) {
    return raw({0x01, 0x01, 0x60, 0x00, 0x00, 0x00, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x5D, 0xF0, 0x00, 0xFC,
                0xFD, 0xF8, 0xF8, 0x00, 0x00, 0x0F, arrays});
}
std::string hvcC() {
    return fixedPart(3) + raw({0xA0, 0x00, 0x01, 0x00, 0x04, 0x40, 0x01, 0x0C, 0x01,  // VPS
                               0xA1, 0x00, 0x01, 0x00, 0x03, 0x42, 0x01, 0x01,        // SPS
                               0xA2, 0x00, 0x01, 0x00, 0x02, 0x44, 0x01});            // PPS
}

TEST(HevcDecoderConfig, ReadsProfileTierLevelFormatAndParameterSets) {
    const auto config = HevcDecoderConfig::parse(hvcC());
    EXPECT_EQ(config.profileSpace, 0);
    EXPECT_FALSE(config.highTier);
    EXPECT_EQ(config.profile, 1);
    EXPECT_EQ(config.compatibilityFlags, 0x60000000u);
    EXPECT_EQ(config.constraintFlags, 0xB00000000000ull);
    EXPECT_EQ(config.level, 93);
    EXPECT_EQ(config.chromaFormat, 1);
    EXPECT_EQ(config.bitDepthLuma, 8);
    EXPECT_EQ(config.bitDepthChroma, 8);
    EXPECT_EQ(config.temporalLayers, 1);
    EXPECT_TRUE(config.temporalIdNested);
    EXPECT_EQ(config.nalLengthSize, 4);
    ASSERT_EQ(config.arrays.size(), 3u);
    EXPECT_TRUE(config.arrays[0].complete);
    EXPECT_EQ(config.unitsOfType(32), std::vector<std::string>{raw({0x40, 0x01, 0x0C, 0x01})});
    EXPECT_EQ(config.unitsOfType(33), std::vector<std::string>{raw({0x42, 0x01, 0x01})});
    EXPECT_EQ(config.unitsOfType(34), std::vector<std::string>{raw({0x44, 0x01})});
    EXPECT_TRUE(config.unitsOfType(39).empty());
}

TEST(HevcDecoderConfig, CodecStringFollowsAnnexE) {
    auto config = HevcDecoderConfig::parse(hvcC());
    EXPECT_EQ(config.codecString(), "hvc1.1.6.L93.B0");
    EXPECT_EQ(config.codecString("hev1"), "hev1.1.6.L93.B0");
    // Main 10, High tier 5.1, profile space 1, no constraint bytes.
    config.profile = 2;
    config.compatibilityFlags = 0x20000000;  // flag 2
    config.highTier = true;
    config.level = 153;
    config.profileSpace = 1;
    config.constraintFlags = 0;
    EXPECT_EQ(config.codecString(), "hvc1.A2.4.H153");
    // Trailing zero constraint bytes go; inner ones stay.
    config.constraintFlags = 0x900008000000ull;
    EXPECT_EQ(config.codecString(), "hvc1.A2.4.H153.90.0.8");
}

TEST(HevcDecoderConfig, WritesWhatItReads) {
    const std::string record = hvcC();
    EXPECT_EQ(HevcDecoderConfig::parse(record).write(), record);
    HevcDecoderConfig config;
    config.profile = 2;
    config.level = 120;
    config.nalLengthSize = 2;
    config.bitDepthLuma = 10;
    config.bitDepthChroma = 10;
    config.arrays.push_back({true, 33, {raw({0x42, 0x01})}});
    const auto again = HevcDecoderConfig::parse(config.write());
    EXPECT_EQ(again.nalLengthSize, 2);
    EXPECT_EQ(again.bitDepthLuma, 10);
    EXPECT_EQ(again.unitsOfType(33), std::vector<std::string>{raw({0x42, 0x01})});
    EXPECT_EQ(again.write(), config.write());
}

TEST(HevcDecoderConfig, AllowsNoArraysAndBytesAfterTheLast) {
    EXPECT_TRUE(HevcDecoderConfig::parse(fixedPart(0)).arrays.empty());
    EXPECT_EQ(HevcDecoderConfig::parse(hvcC() + raw({0x00, 0x00})).arrays.size(), 3u);
}

TEST(HevcDecoderConfig, RefusesMalformedRecordsInWords) {
    EXPECT_EQ(refusal(""), "HEVC decoder configuration record too short");
    EXPECT_EQ(refusal(hvcC().substr(0, 22)), "HEVC decoder configuration record too short");
    std::string version = hvcC();
    version[0] = 0;
    EXPECT_EQ(refusal(version), "HEVC decoder configuration record version is not 1");
    std::string threeByteLengths = hvcC();
    threeByteLengths[21] = 0x0E;
    EXPECT_EQ(refusal(threeByteLengths), "HEVC decoder configuration record with 3-byte NAL unit lengths");
    EXPECT_EQ(refusal(fixedPart(1)), "HEVC decoder configuration record too short (array header)");
    EXPECT_EQ(refusal(fixedPart(1) + raw({0xA0, 0x00})), "HEVC decoder configuration record too short (NAL unit count)");
    EXPECT_EQ(refusal(fixedPart(1) + raw({0xA0, 0x00, 0x01, 0x00})),
              "HEVC decoder configuration record too short (NAL unit length)");
    EXPECT_EQ(refusal(fixedPart(1) + raw({0xA0, 0x00, 0x01, 0x00, 0x05, 0x40})),
              "HEVC decoder configuration record too short (NAL unit)");
    EXPECT_EQ(refusal(fixedPart(1) + raw({0xA0, 0x00, 0x01, 0x00, 0x00})),
              "HEVC decoder configuration record has an empty NAL unit");
    EXPECT_EQ(refusal(hvcC().substr(0, hvcC().size() - 1)), "HEVC decoder configuration record too short (NAL unit)");
}

TEST(HevcDecoderConfig, RefusesTooManyNalUnitsBeforeReadingThem) {
    // A count of 65535 with nothing behind it is refused by the count, not by running out of bytes.
    EXPECT_EQ(refusal(fixedPart(1) + raw({0xA0, 0xFF, 0xFF})),
              "HEVC decoder configuration record has more than 64 NAL units");
    std::string arrays = fixedPart(2);
    for (int a = 0; a < 2; ++a) {
        arrays += raw({0x21, 0x00, 0x21});  // 33 units each: 66 in all
        for (int u = 0; u < 33; ++u) arrays += raw({0x00, 0x01, 0x42});
    }
    EXPECT_EQ(refusal(arrays), "HEVC decoder configuration record has more than 64 NAL units");
}

TEST(HevcDecoderConfig, RefusesRecordsOverTheLimitBeforeReadingThem) {
    EXPECT_EQ(refusal(hvcC() + std::string(HevcDecoderConfig::kMaxRecordBytes, '\0')).rfind(
                  "HEVC decoder configuration record of ", 0),
              0u);
}

}  // namespace
}  // namespace sockstream::codec
