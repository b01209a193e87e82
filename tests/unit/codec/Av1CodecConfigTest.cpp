// av1C (AV1 Codec ISO Media File Format Binding 2.3.3): what an AV1 encoder's sequence header holds.
#include <gtest/gtest.h>

#include <string>

#include "sockstream/codec/Av1CodecConfig.h"
#include "RecordBytes.h"
#include "sockstream/codec/RecordError.h"

namespace sockstream::codec {
namespace {

using test::raw;

std::string refusal(const std::string& bytes) { return test::refusal<Av1CodecConfig>(bytes); }

/// A sequence header OBU with a size field and an 11-byte payload.
std::string sequenceHeader() {
    return raw({0x0A, 0x0B, 0x00, 0x00, 0x00, 0x02, 0xAF, 0xFF, 0x9B, 0x5F, 0x30, 0x08, 0x04});
}
/// Main profile, level 4.0 (8), Main tier, 8-bit 4:2:0, no presentation delay.
std::string av1C() { return raw({0x81, 0x08, 0x0C, 0x00}) + sequenceHeader(); }

TEST(Av1CodecConfig, ReadsProfileLevelTierFormatAndTheSequenceHeader) {
    const auto config = Av1CodecConfig::parse(av1C());
    EXPECT_EQ(config.profile, 0);
    EXPECT_EQ(config.level, 8);
    EXPECT_FALSE(config.highTier);
    EXPECT_EQ(config.bitDepth(), 8);
    EXPECT_FALSE(config.monochrome);
    EXPECT_TRUE(config.chromaSubsamplingX);
    EXPECT_TRUE(config.chromaSubsamplingY);
    EXPECT_FALSE(config.initialPresentationDelay);
    ASSERT_EQ(config.configObus.size(), 1u);
    EXPECT_EQ(config.sequenceHeaderObu(), sequenceHeader());
    EXPECT_EQ(config.codecString(), "av01.0.08M.08");
}

TEST(Av1CodecConfig, BitDepthTierAndDelay) {
    // Professional profile, level 5.1 (13), High tier, 12-bit, presentation delay 4.
    const auto config = Av1CodecConfig::parse(raw({0x81, 0x4D, 0xE0, 0x13}));
    EXPECT_EQ(config.profile, 2);
    EXPECT_EQ(config.level, 13);
    EXPECT_TRUE(config.highTier);
    EXPECT_EQ(config.bitDepth(), 12);
    EXPECT_EQ(config.initialPresentationDelay, 4);
    EXPECT_TRUE(config.configObus.empty()) << "configOBUs may be empty";
    EXPECT_FALSE(config.sequenceHeaderObu());
    EXPECT_EQ(config.codecString(), "av01.2.13H.12");
    // twelve_bit only counts in the Professional profile.
    EXPECT_EQ(Av1CodecConfig::parse(raw({0x81, 0x28, 0x60, 0x00})).bitDepth(), 10);
}

TEST(Av1CodecConfig, WritesWhatItReads) {
    EXPECT_EQ(Av1CodecConfig::parse(av1C()).write(), av1C());
    const std::string withMetadata =
        raw({0x81, 0x4D, 0xE0, 0x13}) + sequenceHeader() + raw({0x2A, 0x02, 0x01, 0x02});  // metadata OBU, 2 bytes
    const auto config = Av1CodecConfig::parse(withMetadata);
    ASSERT_EQ(config.configObus.size(), 2u);
    EXPECT_EQ(config.write(), withMetadata);
}

TEST(Av1CodecConfig, ReadsAnObuWithAnExtensionHeaderAndAMultiByteSize) {
    std::string payload(200, '\x01');
    // Type 1 with extension flag and size field; 200 = 0xC8 0x01 in leb128.
    const std::string obu = raw({0x0E, 0x00, 0xC8, 0x01}) + payload;
    const auto config = Av1CodecConfig::parse(raw({0x81, 0x08, 0x0C, 0x00}) + obu);
    ASSERT_EQ(config.configObus.size(), 1u);
    EXPECT_EQ(config.configObus[0], obu);
}

TEST(Av1CodecConfig, RefusesMalformedRecordsInWords) {
    EXPECT_EQ(refusal(raw({0x81, 0x08, 0x0C})), "AV1 codec configuration record too short");
    EXPECT_EQ(refusal(raw({0x01, 0x08, 0x0C, 0x00})), "AV1 codec configuration record lacks its marker bit");
    EXPECT_EQ(refusal(raw({0x82, 0x08, 0x0C, 0x00})), "AV1 codec configuration record version is not 1");
    const std::string head = raw({0x81, 0x08, 0x0C, 0x00});
    EXPECT_EQ(refusal(head + raw({0x8A, 0x00})), "AV1 codec configuration record has an OBU with the forbidden bit set");
    EXPECT_EQ(refusal(head + raw({0x32, 0x00})),
              "AV1 codec configuration record has an OBU of type 6 (only sequence header and metadata OBUs belong there)");
    EXPECT_EQ(refusal(head + raw({0x08, 0x00})), "AV1 codec configuration record has an OBU without a size field");
    EXPECT_EQ(refusal(head + raw({0x0A})), "AV1 codec configuration record too short (OBU size)");
    EXPECT_EQ(refusal(head + raw({0x0E})), "AV1 codec configuration record too short (OBU extension header)");
    EXPECT_EQ(refusal(head + raw({0x0A, 0x05, 0x00})), "AV1 codec configuration record too short (OBU payload)");
    EXPECT_EQ(refusal(head + raw({0x0A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01})),
              "AV1 codec configuration record has an OBU size longer than 8 bytes");
    EXPECT_EQ(refusal(head + raw({0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F})),
              "AV1 codec configuration record too short (OBU payload)")
        << "a size near 2^56 is compared, not allocated";
    EXPECT_EQ(refusal(head + sequenceHeader() + sequenceHeader()),
              "AV1 codec configuration record has two sequence header OBUs");
}

TEST(Av1CodecConfig, RefusesTooManyObusAndRecordsOverTheLimit) {
    std::string many = raw({0x81, 0x08, 0x0C, 0x00});
    for (int i = 0; i < 17; ++i) many += raw({0x2A, 0x00});  // empty metadata OBUs
    EXPECT_EQ(refusal(many), "AV1 codec configuration record has more than 16 configuration OBUs");
    EXPECT_EQ(refusal(av1C() + std::string(Av1CodecConfig::kMaxRecordBytes, '\0')).rfind(
                  "AV1 codec configuration record of ", 0),
              0u);
}

}  // namespace
}  // namespace sockstream::codec
