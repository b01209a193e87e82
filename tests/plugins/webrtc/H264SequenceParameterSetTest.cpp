// The H.264 SPS reader WHIP uses for the picture size: real x264 and
// Chromium-like SPSs, cropping, and malformed input refused in words.
#include <gtest/gtest.h>

#include <string>

#include "H264SequenceParameterSet.h"

using namespace sockstream::webrtc;

namespace {
std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (const int v : values) out.push_back(static_cast<char>(v));
    return out;
}

// x264, Constrained Baseline, 320x240 (ffmpeg -s 320x240 -profile:v baseline).
const std::string kBaseline320x240 = bytes({0x67, 0x42, 0xC0, 0x0D, 0xD9, 0x01, 0x41, 0xFB, 0x01, 0x10, 0x00, 0x00, 0x03,
                                            0x00, 0x10, 0x00, 0x00, 0x03, 0x03, 0xC0, 0xF1, 0x42, 0xA4, 0x80});
// x264, High, 1920x1080 (1088 coded, 8 lines cropped at the bottom).
const std::string kHigh1080p = bytes({0x67, 0x64, 0x00, 0x28, 0xAC, 0xD9, 0x40, 0x78, 0x02, 0x27, 0xE5, 0xC0, 0x44, 0x00,
                                      0x00, 0x03, 0x00, 0x04, 0x00, 0x00, 0x03, 0x00, 0xF0, 0x3C, 0x60, 0xC6, 0x58});
}  // namespace

TEST(H264SequenceParameterSet, ReadsTheSizeOfABaselineStream) {
    std::string why;
    const auto info = parseH264SequenceParameterSet(kBaseline320x240, &why);
    ASSERT_TRUE(info) << why;
    EXPECT_EQ(info->profileIdc, 66);
    EXPECT_EQ(info->width, 320);
    EXPECT_EQ(info->height, 240);
}

TEST(H264SequenceParameterSet, AppliesTheCroppingOfAHighProfile1080pStream) {
    std::string why;
    const auto info = parseH264SequenceParameterSet(kHigh1080p, &why);
    ASSERT_TRUE(info) << why;
    EXPECT_EQ(info->profileIdc, 100);
    EXPECT_EQ(info->width, 1920);
    EXPECT_EQ(info->height, 1080);
}

TEST(H264SequenceParameterSet, RefusesMalformedInputInWords) {
    std::string why;
    EXPECT_FALSE(parseH264SequenceParameterSet("", &why));
    EXPECT_NE(why.find("at least 4 bytes"), std::string::npos) << why;
    EXPECT_FALSE(parseH264SequenceParameterSet(bytes({0x68, 0xCE, 0x3C, 0x80}), &why));  // a PPS
    EXPECT_NE(why.find("not an SPS"), std::string::npos) << why;
    // Cut short: the size fields are missing.
    EXPECT_FALSE(parseH264SequenceParameterSet(kBaseline320x240.substr(0, 6), &why));
    EXPECT_NE(why.find("ends too early"), std::string::npos) << why;
    // All zeros after the header: an exp-Golomb code longer than 31 bits.
    EXPECT_FALSE(parseH264SequenceParameterSet(bytes({0x67, 0x42, 0xC0, 0x0D, 0, 0, 0, 0, 0, 0, 0, 0, 0}), &why));
    EXPECT_FALSE(parseH264SequenceParameterSet(std::string(5000, '\x67'), &why));
    EXPECT_NE(why.find("4 KiB"), std::string::npos) << why;
}
