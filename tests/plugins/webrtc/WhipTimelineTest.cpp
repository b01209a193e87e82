// WHIP's timeline: both RTP clocks start where their first packet arrived,
// follow their own timestamps (wrap included), and the audio is lined up with
// the video once both sender reports are in.
#include <gtest/gtest.h>

#include "WhipTimeline.h"

using namespace sockstream::webrtc;
using namespace std::chrono_literals;

namespace {
constexpr std::uint64_t kSecond = std::uint64_t{1} << 32;  // NTP 32.32
}

TEST(WhipTimeline, StartsEachTrackAtItsArrivalAndThenFollowsItsRtpClock) {
    WhipTimeline timeline(0);
    const auto t0 = WhipTimeline::Clock::time_point{} + 100s;
    EXPECT_EQ(timeline.map(WhipTimeline::Video, 1'000'000, t0), 0);
    // Audio's first packet 20 ms later: 960 ticks at 48 kHz.
    EXPECT_EQ(timeline.map(WhipTimeline::Audio, 5'000, t0 + 20ms), 960);
    // Jitter in arrival does not matter: the RTP clock does.
    EXPECT_EQ(timeline.map(WhipTimeline::Video, 1'000'000 + 3000, t0 + 500ms), 3000);
    EXPECT_EQ(timeline.map(WhipTimeline::Audio, 5'000 + 960, t0 + 21ms), 1920);
}

TEST(WhipTimeline, UnwrapsTheThirtyTwoBitRtpClockAndStartsAResumedBroadcastLater) {
    WhipTimeline timeline(2'000'000);  // 2 s: after where the broadcast stopped
    const auto t0 = WhipTimeline::Clock::time_point{};
    EXPECT_EQ(timeline.map(WhipTimeline::Video, 0xFFFFF000u, t0), 180000);
    EXPECT_EQ(timeline.map(WhipTimeline::Video, 0x00000F00u, t0 + 1ms), 180000 + 0x1F00);
}

TEST(WhipTimeline, LinesTheAudioUpWithTheVideoFromTheSenderReports) {
    WhipTimeline timeline(0);
    const auto t0 = WhipTimeline::Clock::time_point{};
    // The video arrives 100 ms after the audio sampled at the same instant (encoding takes time).
    EXPECT_EQ(timeline.map(WhipTimeline::Audio, 48'000, t0), 0);
    EXPECT_EQ(timeline.map(WhipTimeline::Video, 90'000, t0 + 100ms), 9000);
    // Both were sampled at NTP 1000 s.
    timeline.onSenderReport(WhipTimeline::Video, 1000 * kSecond, 90'000);
    EXPECT_FALSE(timeline.aligned());
    timeline.onSenderReport(WhipTimeline::Audio, 1000 * kSecond, 48'000);
    EXPECT_TRUE(timeline.aligned());
    // The audio moved 100 ms later; the video stayed where it was.
    EXPECT_EQ(timeline.map(WhipTimeline::Audio, 48'000 + 480, t0 + 10ms), 4800 + 480);
    EXPECT_EQ(timeline.map(WhipTimeline::Video, 90'000 + 900, t0 + 110ms), 9000 + 900);
}
