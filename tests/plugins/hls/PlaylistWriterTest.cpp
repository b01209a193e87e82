#include <gtest/gtest.h>

#include "PlaylistParser.h"
#include "PlaylistWriter.h"
#include "TestMedia.h"

namespace sockstream::hls {
namespace {

TEST(PlaylistWriterTest, MultivariantNamesCodecsResolutionAndMediaPlaylist) {
    const auto& media = test::TestMedia::h264Aac();
    std::string text = PlaylistWriter::multivariant(media.tracks, 1'500'000);
    EXPECT_EQ(text.rfind("#EXTM3U\n", 0), 0u);
    EXPECT_NE(text.find("#EXT-X-STREAM-INF:BANDWIDTH=1500000,CODECS=\"avc1.64"), std::string::npos) << text;
    EXPECT_NE(text.find(",mp4a.40.2\",RESOLUTION=320x240,FRAME-RATE=30.000\nmedia.m3u8\n"), std::string::npos) << text;
}

TEST(PlaylistWriterTest, DateTimeAndSeconds) {
    std::chrono::system_clock::time_point time{std::chrono::milliseconds(1'700'000'000'123)};
    EXPECT_EQ(PlaylistWriter::formatDateTime(time), "2023-11-14T22:13:20.123Z");
    EXPECT_EQ(PlaylistWriter::formatSeconds(334), "0.334");
    EXPECT_EQ(PlaylistWriter::formatSeconds(2000), "2.000");
}

TEST(PlaylistWriterTest, TargetDurationGrowsWithALongSegment) {
    Timeline timeline(Container::MpegTs, 6);
    timeline.openSegment({}, false, 0, true);
    timeline.closeSegment(4600, SealedBytes::copyOf("x"));
    PlaylistSettings settings;
    settings.generation = "g";
    auto playlist = test::PlaylistParser::parse(PlaylistWriter::media(timeline, settings));
    EXPECT_EQ(playlist.targetDuration, 5);
    EXPECT_TRUE(playlist.errors.empty()) << ::testing::PrintToString(playlist.errors);
}

TEST(PlaylistWriterTest, DiscontinuitySequenceCountsRemovedDiscontinuities) {
    Timeline timeline(Container::Fmp4, 2);
    auto bytes = SealedBytes::copyOf("x");
    for (int i = 0; i < 5; ++i) {
        timeline.openSegment({}, i == 1, i == 0 ? 0 : 1, true);
        timeline.addPart(1000, true, bytes);
        timeline.closeSegment(1000, bytes);
    }
    PlaylistSettings settings;
    settings.generation = "g";
    settings.partTargetMs = 1000;
    auto playlist = test::PlaylistParser::parse(PlaylistWriter::media(timeline, settings));
    EXPECT_TRUE(playlist.errors.empty()) << ::testing::PrintToString(playlist.errors);
    EXPECT_EQ(playlist.mediaSequence, 4);  // segments are numbered from 1
    EXPECT_EQ(playlist.discontinuitySequence, 1);
    ASSERT_EQ(playlist.segments.size(), 2u);
    EXPECT_EQ(playlist.segments[0].map, "init-g-1.mp4");
    EXPECT_FALSE(playlist.segments[0].discontinuity);
}

}  // namespace
}  // namespace sockstream::hls
