#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "sockstream/media/MediaTime.h"

namespace sockstream {
namespace {

TEST(MediaTime, MillisecondsAreCarriedAsTheyCame) {
    MediaTime rtmp = MediaTime::fromMilliseconds(123456789);
    EXPECT_EQ(rtmp.rate, 1000);
    EXPECT_EQ(rtmp.milliseconds(), 123456789);
    EXPECT_EQ(rtmp.microseconds(), 123456789000);
    EXPECT_EQ(rtmp.floorAt(90000), 123456789LL * 90);
    EXPECT_EQ(MediaTime::fromMilliseconds(-5).milliseconds(), -5);
}

TEST(MediaTime, NinetyKilohertzIsExactAndRoundsDownToMilliseconds) {
    // 29.97 fps in MPEG-TS: 3003 ticks a frame, 33.366... ms.
    MediaTime frame{3003, 90000};
    EXPECT_EQ(frame.milliseconds(), 33);
    EXPECT_EQ(frame.nearestAt(1000), 33);
    EXPECT_EQ(frame.microseconds(), 33366);
    // A thousand frames later the time is still exact: nothing accumulated.
    MediaTime later{3003 * 1000, 90000};
    EXPECT_EQ(later.milliseconds(), 33366);
    EXPECT_EQ(later.nearestAt(1000), 33367);  // 33366.666...
    EXPECT_EQ(later.floorAt(90000), 3003000);
    // Times before zero round down too (towards earlier), never towards zero.
    EXPECT_EQ((MediaTime{-1, 90000}).milliseconds(), -1);
    EXPECT_EQ((MediaTime{-90, 90000}).milliseconds(), -1);
    EXPECT_EQ((MediaTime{-91, 90000}).milliseconds(), -2);
    EXPECT_EQ((MediaTime{-135, 90000}).nearestAt(1000), -2);  // -1.5 ms: halves away from zero, as av_rescale
    EXPECT_EQ((MediaTime{135, 90000}).nearestAt(1000), 2);
}

TEST(MediaTime, FortyEightKilohertzAudioFramesAreExact) {
    // Opus: 960 samples (20 ms); AAC: 1024 samples (21.333... ms).
    EXPECT_EQ((MediaTime{960, 48000}).milliseconds(), 20);
    MediaTime aac{1024, 48000};
    EXPECT_EQ(aac.milliseconds(), 21);
    EXPECT_EQ(aac.microseconds(), 21333);
    EXPECT_EQ(aac.floorAt(90000), 1920);  // 1024 × 90000 / 48000, exact
    // Three AAC frames are 64 ms exactly; in milliseconds each would be 21 (63) or 22 (66).
    EXPECT_EQ((MediaTime{3 * 1024, 48000}).milliseconds(), 64);
    EXPECT_EQ((MediaTime{3 * 1024, 48000}).at(1000), MediaTime::fromMilliseconds(64));
}

TEST(MediaTime, ComparesInstantsExactlyAcrossClocks) {
    EXPECT_EQ((MediaTime{90, 90000}), MediaTime::fromMilliseconds(1));
    EXPECT_EQ((MediaTime{48, 48000}), (MediaTime{90, 90000}));
    EXPECT_LT((MediaTime{89, 90000}), MediaTime::fromMilliseconds(1));
    EXPECT_GT((MediaTime{91, 90000}), MediaTime::fromMilliseconds(1));
    EXPECT_NE((MediaTime{1024, 48000}), MediaTime::fromMilliseconds(21));
    EXPECT_LT(MediaTime::fromMilliseconds(21), (MediaTime{1024, 48000}));
    // No overflow near the ends of the range.
    MediaTime huge{std::numeric_limits<std::int64_t>::max() / 2, 90000};
    EXPECT_GT(huge, (MediaTime{std::numeric_limits<std::int64_t>::max() / 200, 1000}));
    EXPECT_EQ(huge.floorAt(90000), huge.ticks);
}

TEST(MediaTime, ShiftsByTicksOfItsOwnClock) {
    EXPECT_EQ((MediaTime{3003, 90000}).plusTicks(3003), (MediaTime{6006, 90000}));
    EXPECT_EQ(MediaTime::fromMilliseconds(40).plusTicks(33).milliseconds(), 73);
}

TEST(MediaTime, UnwrapsThirtyThreeBitNinetyKilohertzTimestamps) {
    // MPEG-TS PTS count 2^33 ticks at 90 kHz (26.5 h) and then start again at 0.
    const std::uint64_t wrap = std::uint64_t{1} << 33;
    std::int64_t last = static_cast<std::int64_t>(wrap) - 1500;
    std::int64_t next = unwrapTicks(last, 1503, 33);  // 3003 ticks later, past the wrap
    EXPECT_EQ(next, last + 3003);
    EXPECT_EQ((MediaTime{next, 90000}).milliseconds(), (static_cast<std::int64_t>(wrap) + 1503) / 90);
    // A second wrap, a day later.
    std::int64_t secondLap = static_cast<std::int64_t>(2 * wrap) - 10;
    EXPECT_EQ(unwrapTicks(secondLap, 20, 33), static_cast<std::int64_t>(2 * wrap) + 20);
    // A packet a little older than the last one (B-frames, reordering) steps back, also across the wrap.
    EXPECT_EQ(unwrapTicks(static_cast<std::int64_t>(wrap) + 100, wrap - 200, 33), static_cast<std::int64_t>(wrap) - 200);
    EXPECT_EQ(unwrapTicks(1000, 400, 33), 400);
}

TEST(MediaTime, UnwrapsThirtyTwoBitFortyEightKilohertzAndMillisecondTimestamps) {
    const std::uint64_t wrap = std::uint64_t{1} << 32;
    // RTP audio at 48 kHz wraps after 24.9 h; one Opus frame (960) crosses it.
    std::int64_t last = static_cast<std::int64_t>(wrap) - 480;
    EXPECT_EQ(unwrapTicks(last, 480, 32), last + 960);
    // RTMP's 32-bit milliseconds wrap after 49.7 days.
    std::int64_t rtmp = static_cast<std::int64_t>(wrap) - 10;
    EXPECT_EQ(unwrapTicks(rtmp, 23, 32), static_cast<std::int64_t>(wrap) + 23);
    EXPECT_EQ(unwrapTicks(0, 0, 32), 0);
    EXPECT_EQ(unwrapTicks(5, 0xFFFFFFFFu, 32), -1);
}

}  // namespace
}  // namespace sockstream
