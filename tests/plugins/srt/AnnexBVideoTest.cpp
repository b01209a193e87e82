#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "AnnexBVideo.h"
#include "sockstream/codec/AvcDecoderConfig.h"

using sockstream::srt::convertAnnexB;

namespace {

std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) out.push_back(static_cast<char>(v));
    return out;
}

const std::string kSps = bytes({0x67, 0x64, 0x00, 0x1f, 0xac, 0xd9});
const std::string kPps = bytes({0x68, 0xee, 0x3c, 0x80});
const std::string kIdr = bytes({0x65, 0x88, 0x84, 0x00, 0x10});
const std::string kSlice = bytes({0x41, 0x9a, 0x02});
const std::string kAud = bytes({0x09, 0xf0});
const std::string kLong = bytes({0, 0, 0, 1});
const std::string kShort = bytes({0, 0, 1});

}  // namespace

TEST(AnnexBVideoTest, KeyframeWithParameterSetsBuildsARecord) {
    const auto unit = convertAnnexB(kLong + kAud + kLong + kSps + kShort + kPps + kShort + kIdr);
    EXPECT_TRUE(unit.keyframe);
    ASSERT_TRUE(unit.decoderConfig.has_value());
    const auto record = sockstream::codec::AvcDecoderConfig::parse(*unit.decoderConfig);
    EXPECT_EQ(record.profile, 0x64);
    EXPECT_EQ(record.level, 0x1f);
    EXPECT_EQ(record.nalLengthSize, 4);
    ASSERT_EQ(record.sequenceParameterSets.size(), 1u);
    EXPECT_EQ(record.sequenceParameterSets[0], kSps);
    EXPECT_EQ(record.pictureParameterSets[0], kPps);
    // Only the slice stays in the payload, length-prefixed.
    EXPECT_EQ(unit.payload, bytes({0, 0, 0, 5}) + kIdr);
    EXPECT_EQ(record.codecString(), "avc1.64001F");
}

TEST(AnnexBVideoTest, InterFrameHasNoRecordAndIsNoKeyframe) {
    const auto unit = convertAnnexB(kLong + kSlice + kShort + kSlice);
    EXPECT_FALSE(unit.keyframe);
    EXPECT_FALSE(unit.decoderConfig.has_value());
    EXPECT_EQ(unit.payload, bytes({0, 0, 0, 3}) + kSlice + bytes({0, 0, 0, 3}) + kSlice);
}

TEST(AnnexBVideoTest, TrailingZerosBelongToTheNextStartCode) {
    const auto unit = convertAnnexB(kShort + kSlice + bytes({0, 0}) + kLong + kSlice + bytes({0}));
    EXPECT_EQ(unit.payload, bytes({0, 0, 0, 3}) + kSlice + bytes({0, 0, 0, 3}) + kSlice);
}

TEST(AnnexBVideoTest, MalformedInputIsRefused) {
    EXPECT_THROW(convertAnnexB(""), std::invalid_argument);
    EXPECT_THROW(convertAnnexB(kSlice), std::invalid_argument);                       // no start code
    EXPECT_THROW(convertAnnexB(bytes({0, 1}) + kSlice), std::invalid_argument);       // truncated start code
    EXPECT_THROW(convertAnnexB(kLong + bytes({0x67, 0x64}) + kShort + kPps), std::invalid_argument);  // short SPS
    EXPECT_THROW(convertAnnexB(kLong + std::string(100, '\x41'), 50), std::invalid_argument);  // over the NAL limit
}

TEST(AnnexBVideoTest, StartCodesOnlyGiveAnEmptyUnit) {
    const auto unit = convertAnnexB(kLong + kShort + kLong);
    EXPECT_TRUE(unit.payload.empty());
    EXPECT_FALSE(unit.keyframe);
}
