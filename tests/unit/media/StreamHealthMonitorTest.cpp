#include <gtest/gtest.h>

#include "media/StreamHealthMonitor.h"

namespace sockstream::core {
namespace {

using namespace std::chrono_literals;

StreamInfo info(const std::string& broadcastId = "b1") {
    StreamInfo stream;
    stream.roomId = "r1";
    stream.broadcastId = broadcastId;
    stream.ingest = "rtmp";
    TrackInfo video;
    video.id = 0;
    video.kind = MediaKind::Video;
    video.codec = Codec::HEVC;
    video.width = 1920;
    video.height = 1080;
    video.frameRate = 60;
    TrackInfo audio;
    audio.id = 1;
    audio.kind = MediaKind::Audio;
    audio.codec = Codec::Opus;
    audio.sampleRate = 48000;
    audio.channels = 2;
    stream.tracks = {video, audio};
    return stream;
}

MediaPacket frame(std::int64_t dts, bool keyframe = false, std::int64_t composition = 0) {
    MediaPacket packet;
    packet.trackId = 0;
    packet.dts = MediaTime::fromMilliseconds(dts);
    packet.pts = MediaTime::fromMilliseconds(dts + composition);
    packet.keyframe = keyframe;
    packet.data = std::make_shared<const std::string>(500, 'x');
    return packet;
}

TEST(StreamHealthMonitor, NothingBeforeAStreamOpens) {
    StreamHealthMonitor monitor;
    EXPECT_FALSE(monitor.snapshot("r1"));
}

TEST(StreamHealthMonitor, AnnouncedTracksUntilMediaTellsMore) {
    StreamHealthMonitor monitor;
    monitor.onStreamOpened(info(), false);
    auto health = monitor.snapshot("r1");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->ingest, "rtmp");
    EXPECT_EQ(health->videoCodec, "hevc");
    EXPECT_EQ(health->width, 1920);
    EXPECT_DOUBLE_EQ(health->frameRate, 60);
    EXPECT_EQ(health->audioCodec, "opus");
    EXPECT_EQ(health->channels, 2);
    EXPECT_EQ(health->keyframeIntervalSeconds, 0) << "no second keyframe yet";
    EXPECT_FALSE(health->bFrames);
}

TEST(StreamHealthMonitor, KeyframeIntervalFrameRateAndBFramesFromTimestamps) {
    StreamHealthMonitor monitor;
    auto stream = info();
    monitor.onStreamOpened(stream, false);
    for (int i = 0; i <= 50; ++i) monitor.onPacket(stream, frame(i * 40, i % 25 == 0));
    auto health = monitor.snapshot("r1");
    EXPECT_DOUBLE_EQ(health->keyframeIntervalSeconds, 1.0);
    EXPECT_DOUBLE_EQ(health->frameRate, 25) << "measured, not the announced 60";
    EXPECT_FALSE(health->bFrames);
    monitor.onPacket(stream, frame(51 * 40, false, 80));
    EXPECT_TRUE(monitor.snapshot("r1")->bFrames);
}

TEST(StreamHealthMonitor, TimelineGapsCountAsDroppedFrames) {
    StreamHealthMonitor monitor;
    auto stream = info();
    monitor.onStreamOpened(stream, false);
    for (int i = 0; i < 10; ++i) monitor.onPacket(stream, frame(i * 40));
    monitor.onPacket(stream, frame(9 * 40 + 5 * 40));  // four frames missing
    EXPECT_EQ(monitor.snapshot("r1")->droppedFrames, 4);
}

TEST(StreamHealthMonitor, FramesArrivingBehindTheirTimestampsAreLate) {
    StreamHealthMonitor monitor;
    auto stream = info();
    monitor.onStreamOpened(stream, false);
    const auto start = std::chrono::system_clock::now();
    for (int i = 0; i < 5; ++i) {
        auto packet = frame(i * 40);
        packet.receivedAt = start + std::chrono::milliseconds(i * 40);
        monitor.onPacket(stream, packet);
    }
    for (int i = 5; i < 8; ++i) {
        auto packet = frame(i * 40);
        packet.receivedAt = start + std::chrono::milliseconds(i * 40 + 1500);  // the encoder fell 1.5 s behind
        monitor.onPacket(stream, packet);
    }
    EXPECT_EQ(monitor.snapshot("r1")->lateFrames, 3);
}

TEST(StreamHealthMonitor, ClosedStreamsAreForgottenAndResumesKeepTheirCounts) {
    StreamHealthMonitor monitor;
    auto stream = info();
    monitor.onStreamOpened(stream, false);
    for (int i = 0; i < 10; ++i) monitor.onPacket(stream, frame(i * 40));
    monitor.onPacket(stream, frame(9 * 40 + 3 * 40));
    monitor.onStreamInterrupted(stream);
    monitor.onStreamOpened(stream, true);
    EXPECT_EQ(monitor.snapshot("r1")->droppedFrames, 2) << "a resumed broadcast keeps its figures";
    monitor.onStreamOpened(info("b2"), false);
    EXPECT_EQ(monitor.snapshot("r1")->droppedFrames, 0) << "a new broadcast starts afresh";
    monitor.onStreamClosed(stream);
    EXPECT_FALSE(monitor.snapshot("r1"));
}

}  // namespace
}  // namespace sockstream::core
