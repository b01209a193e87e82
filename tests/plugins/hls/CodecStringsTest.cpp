#include <gtest/gtest.h>

#include "CodecStrings.h"
#include "TestMedia.h"

namespace sockstream::hls {
namespace {

TEST(CodecStringsTest, ReadsRealAvcAndAacRecords) {
    const auto& media = test::TestMedia::h264Aac();
    auto video = CodecStrings::forTrack(Codec::H264, media.tracks[0].codecConfig);
    ASSERT_TRUE(video);
    EXPECT_EQ(video->rfind("avc1.64", 0), 0u) << *video;  // libx264 yuv420p: High profile
    EXPECT_EQ(video->size(), 11u);
    EXPECT_EQ(CodecStrings::forTrack(Codec::AAC, media.tracks[1].codecConfig), "mp4a.40.2");
    EXPECT_EQ(CodecStrings::join(media.tracks), *video + ",mp4a.40.2");
}

TEST(CodecStringsTest, KnownRecords) {
    // (no parameter sets: a record that announced one SPS and carried none is refused)
    EXPECT_EQ(CodecStrings::forTrack(Codec::H264, std::string("\x01\x42\xC0\x1E\xFF\xE0\x00", 7)), "avc1.42C01E");
    EXPECT_FALSE(CodecStrings::forTrack(Codec::H264, std::string("\x01\x42\xC0\x1E\xFF\xE1\x00", 7)));
    EXPECT_EQ(CodecStrings::forTrack(Codec::AAC, std::string("\x12\x10", 2)), "mp4a.40.2");
    EXPECT_EQ(CodecStrings::forTrack(Codec::AAC, std::string("\x2B\x8A\x08", 3)), "mp4a.40.5");
    // HEVC Main, Main compatibility, constraint byte 0xB0, level 3.1 (93).
    std::string hvcC(23, '\0');
    hvcC[0] = 1;
    hvcC[1] = 0x01;
    hvcC[2] = 0x60;
    hvcC[6] = static_cast<char>(0xB0);
    hvcC[12] = 93;
    EXPECT_EQ(CodecStrings::forTrack(Codec::HEVC, hvcC), "hvc1.1.6.L93.B0");
    EXPECT_EQ(CodecStrings::forTrack(Codec::AV1, std::string("\x81\x08\x0C\x00", 4)), "av01.0.08M.08");
}

TEST(CodecStringsTest, MalformedRecordsGiveNothing) {
    EXPECT_FALSE(CodecStrings::forTrack(Codec::H264, ""));
    EXPECT_FALSE(CodecStrings::forTrack(Codec::H264, std::string("\x01\x42\xC0", 3)));
    EXPECT_FALSE(CodecStrings::forTrack(Codec::H264, std::string("\x02\x42\xC0\x1E\xFF\xE1\x00", 7)));
    EXPECT_FALSE(CodecStrings::forTrack(Codec::AAC, std::string("\x12", 1)));
    EXPECT_FALSE(CodecStrings::forTrack(Codec::AAC, std::string("\x00\x00", 2)));
    EXPECT_FALSE(CodecStrings::forTrack(Codec::HEVC, std::string(22, '\x01')));
    EXPECT_FALSE(CodecStrings::forTrack(Codec::AV1, std::string("\x81\x08", 2)));
    EXPECT_FALSE(CodecStrings::forTrack(Codec::Unknown, "anything"));
}

}  // namespace
}  // namespace sockstream::hls
