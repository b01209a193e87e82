#include <gtest/gtest.h>

#include "RecordingIndex.h"

using namespace sockstream::recordings;

namespace {
SegmentEntry segment(std::int64_t sequence, int piece, double start, double duration, std::int64_t wall) {
    SegmentEntry s;
    s.sequence = sequence;
    s.piece = piece;
    s.mediaStartSec = start;
    s.durationSec = duration;
    s.byteOffset = 1000 + sequence * 100;
    s.byteSize = 100;
    s.wallClockMs = wall;
    return s;
}
}  // namespace

TEST(VodPlaylist, FinishedRecordingIsVodWithEndList) {
    const std::vector<SegmentEntry> segments{segment(0, 0, 0, 4, 1'764'000'000'000), segment(1, 0, 4, 4.2, 1'764'000'004'000),
                                             segment(2, 0, 8.2, 1.5, 1'764'000'008'200)};
    const std::string playlist = vodPlaylist(segments, true);
    EXPECT_EQ(playlist,
              "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:5\n#EXT-X-PLAYLIST-TYPE:VOD\n"
              "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"init.mp4\"\n"
              "#EXT-X-PROGRAM-DATE-TIME:2025-11-24T16:00:00.000Z\n"
              "#EXTINF:4.000,\n0.m4s\n#EXTINF:4.200,\n1.m4s\n#EXTINF:1.500,\n2.m4s\n#EXT-X-ENDLIST\n");
}

TEST(VodPlaylist, RecordingInProgressIsAnEventWithoutEndList) {
    const std::string playlist = vodPlaylist({segment(0, 0, 0, 4, 1000)}, false);
    EXPECT_NE(playlist.find("#EXT-X-PLAYLIST-TYPE:EVENT\n"), std::string::npos);
    EXPECT_EQ(playlist.find("ENDLIST"), std::string::npos);
    EXPECT_EQ(playlist.find("VOD"), std::string::npos);
}

TEST(VodPlaylist, EmptyRecordingStillHasAValidHeader) {
    const std::string playlist = vodPlaylist({}, false);
    EXPECT_EQ(playlist.rfind("#EXTM3U\n", 0), 0u);
    EXPECT_NE(playlist.find("#EXT-X-TARGETDURATION:1\n"), std::string::npos);
}

TEST(VodPlaylist, AReconnectIsOneDiscontinuityWithItsOwnDateTime) {
    const std::vector<SegmentEntry> segments{segment(0, 0, 0, 4, 1000), segment(1, 0, 4, 2, 5000),
                                             segment(2, 1, 6, 4, 20000), segment(3, 1, 10, 4, 24000)};
    const std::string playlist = vodPlaylist(segments, true);
    const auto discontinuity = playlist.find("#EXT-X-DISCONTINUITY\n");
    ASSERT_NE(discontinuity, std::string::npos);
    EXPECT_EQ(playlist.find("#EXT-X-DISCONTINUITY\n", discontinuity + 1), std::string::npos);
    EXPECT_LT(playlist.find("1.m4s"), discontinuity);
    EXPECT_GT(playlist.find("2.m4s"), discontinuity);
    EXPECT_NE(playlist.find("#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:20.000Z\n"), std::string::npos);
}

TEST(VodPlaylist, TargetDurationIsTheLongestSegmentRoundedUp) {
    const std::string playlist = vodPlaylist({segment(0, 0, 0, 8.3, 0), segment(1, 0, 8.3, 2, 0)}, true);
    EXPECT_NE(playlist.find("#EXT-X-TARGETDURATION:9\n"), std::string::npos);
}

TEST(Timeline, OnePiecePerContinuousRun) {
    const std::vector<SegmentEntry> segments{segment(0, 0, 0, 4, 1000), segment(1, 0, 4, 2, 5000),
                                             segment(2, 1, 6, 4, 20000), segment(3, 1, 10, 3, 24000)};
    const auto pieces = timelineOf(segments);
    ASSERT_EQ(pieces.size(), 2u);
    EXPECT_EQ(pieces[0].atMs, 1000);
    EXPECT_DOUBLE_EQ(pieces[0].mediaStartSec, 0);
    EXPECT_DOUBLE_EQ(pieces[0].durationSec, 6);
    EXPECT_EQ(pieces[1].atMs, 20000);
    EXPECT_DOUBLE_EQ(pieces[1].mediaStartSec, 6);
    EXPECT_DOUBLE_EQ(pieces[1].durationSec, 7);
    EXPECT_TRUE(timelineOf({}).empty());
}
