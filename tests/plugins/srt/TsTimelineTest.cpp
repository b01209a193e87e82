#include <gtest/gtest.h>

#include "TsTimeline.h"

using sockstream::srt::TsTimeline;

namespace {
constexpr std::uint64_t kWrap = std::uint64_t{1} << 33;
constexpr std::int64_t kFrame = 3600;  // 25 fps at 90 kHz
}  // namespace

TEST(TsTimelineTest, StartsAtTheAnchorAndKeepsTracksAligned) {
    TsTimeline timeline;
    EXPECT_EQ(timeline.map(0, 900'000), 0);
    EXPECT_EQ(timeline.map(1, 901'800), 1'800);
    EXPECT_EQ(timeline.map(0, 900'000 + kFrame), kFrame);
    EXPECT_EQ(timeline.mapRelated(0, 900'000 + 2 * kFrame), 2 * kFrame);
}

TEST(TsTimelineTest, ResumedBroadcastStartsWhereAskedWhateverTheWireClock) {
    TsTimeline timeline(5'000'000);
    EXPECT_EQ(timeline.map(0, 123), 5'000'000);
    EXPECT_EQ(timeline.map(0, 123 + kFrame), 5'000'000 + kFrame);
}

TEST(TsTimelineTest, The33BitWrapIsAStepForward) {
    TsTimeline timeline;
    const std::uint64_t nearEnd = kWrap - kFrame;
    EXPECT_EQ(timeline.map(0, nearEnd), 0);
    EXPECT_EQ(timeline.map(1, kWrap - 10), kFrame - 10);
    EXPECT_EQ(timeline.map(0, 0), kFrame);                      // wrapped
    EXPECT_EQ(timeline.map(1, 2 * kFrame - 10), 3 * kFrame - 10);
    EXPECT_EQ(timeline.mapRelated(0, kFrame), 2 * kFrame);
    EXPECT_EQ(timeline.discontinuities(), 0);
    // A timestamp as libavformat may hand it (already past 2^33) is the same instant.
    EXPECT_EQ(timeline.map(0, kWrap + kFrame), 2 * kFrame);
}

TEST(TsTimelineTest, ADiscontinuityIsClosedUpForEveryTrack) {
    TsTimeline timeline;
    timeline.map(0, 1'000'000);
    timeline.map(1, 1'000'000);
    timeline.map(0, 1'000'000 + kFrame);
    // The encoder restarted its clock at 0.
    const std::int64_t video = timeline.map(0, 0);
    EXPECT_EQ(video, kFrame + 3000);  // one 30 fps frame after the last
    EXPECT_EQ(timeline.discontinuities(), 1);
    // Audio crosses the same jump and lands next to the video, without a second rebase.
    EXPECT_EQ(timeline.map(1, 1800), video + 1800);
    EXPECT_EQ(timeline.discontinuities(), 1);
    // A jump forward (a cut in the feed) too.
    const std::int64_t later = timeline.map(0, 90'000 * 3600);
    EXPECT_EQ(later, video + 3000);
    EXPECT_EQ(timeline.discontinuities(), 2);
}

TEST(TsTimelineTest, SmallReorderingIsNotADiscontinuity) {
    TsTimeline timeline;
    timeline.map(0, 10 * kFrame);
    EXPECT_EQ(timeline.map(0, 9 * kFrame), -kFrame);
    EXPECT_EQ(timeline.discontinuities(), 0);
}
