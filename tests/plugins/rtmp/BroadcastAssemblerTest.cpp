#include <gtest/gtest.h>

#include "BroadcastAssembler.h"
#include "MediaSamples.h"
#include "RecordingEvents.h"

using namespace sockstream::rtmp;
using namespace sockstream::rtmp::test;
using sockstream::Codec;
using sockstream::MediaTime;

namespace {

struct Fixture {
    RtmpLimits limits;
    RecordingEvents events;
    BroadcastAssembler assembler{limits, events};
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now();

    void video(const std::string& tag, std::uint32_t ts) { assembler.onVideo(FlvVideoTag::parse(tag), ts, now); }
    void audio(const std::string& tag, std::uint32_t ts) { assembler.onAudio(FlvAudioTag::parse(tag), ts, now); }
    void announce(bool hasVideo, bool hasAudio) {
        StreamMetadata meta;
        meta.hasVideo = hasVideo;
        meta.hasAudio = hasAudio;
        meta.width = 640;
        meta.height = 360;
        meta.encoder = "Lavf59.27.100";
        assembler.onMetadata(meta);
    }
};

}  // namespace

TEST(BroadcastAssembler, OpensOnceEveryAnnouncedSequenceHeaderArrived) {
    Fixture f;
    f.announce(true, true);
    f.video(avcTag(true, 0, 0, avcC()), 0);
    EXPECT_EQ(f.events.opened, 0);
    f.audio(aacConfigTag(), 0);
    ASSERT_EQ(f.events.opened, 1);
    ASSERT_EQ(f.events.openedTracks.size(), 2u);
    EXPECT_EQ(f.events.openedTracks[0].codec, Codec::H264);
    EXPECT_EQ(f.events.openedTracks[0].codecConfig, avcC());
    EXPECT_EQ(f.events.openedTracks[0].width, 640);
    EXPECT_EQ(f.events.openedTracks[1].codec, Codec::AAC);
    EXPECT_EQ(f.events.openedTracks[1].sampleRate, 44100);
    EXPECT_EQ(f.events.encoder, "Lavf59.27.100");

    f.video(avcTag(true, 1, 40, nalus()), 0);
    f.audio(aacFrameTag(), 0);
    ASSERT_EQ(f.events.packets.size(), 2u);
    EXPECT_EQ(f.events.packets[0].trackId, 0);
    EXPECT_EQ(f.events.packets[0].pts, MediaTime::fromMilliseconds(40));
    EXPECT_EQ(f.events.packets[0].pts.rate, 1000) << "RTMP's clock counts milliseconds";
    EXPECT_TRUE(f.events.packets[0].keyframe);
    EXPECT_EQ(*f.events.packets[0].data, nalus());
    EXPECT_EQ(f.events.packets[1].trackId, 1);
}

TEST(BroadcastAssembler, OpensWithWhatItHasAfterTheWait) {
    Fixture f;
    f.announce(true, true);  // audio announced but never configured
    f.video(avcTag(true, 0, 0, avcC()), 0);
    f.video(avcTag(true, 1, 0, nalus()), 0);
    f.video(avcTag(false, 1, 0, nalus()), 500);
    EXPECT_EQ(f.events.opened, 0);
    f.video(avcTag(false, 1, 0, nalus()), 1000);
    ASSERT_EQ(f.events.opened, 1);
    EXPECT_EQ(f.events.openedTracks.size(), 1u);
    EXPECT_EQ(f.events.packets.size(), 3u);  // the held frames, in order
    EXPECT_EQ(f.events.packets[2].dts, MediaTime::fromMilliseconds(1000));
}

TEST(BroadcastAssembler, AddsALateTrackAndReportsChangedHeaders) {
    Fixture f;
    f.announce(true, false);
    f.video(avcTag(true, 0, 0, avcC()), 0);
    ASSERT_EQ(f.events.opened, 1);
    f.video(avcTag(true, 0, 0, avcC()), 10);  // same header again: nothing
    EXPECT_TRUE(f.events.trackUpdates.empty());
    f.audio(aacConfigTag(), 20);
    ASSERT_EQ(f.events.trackUpdates.size(), 1u);
    EXPECT_EQ(f.events.trackUpdates[0].size(), 2u);
    std::string changed = avcC();
    changed[1] = 0x4D;
    f.video(avcTag(true, 0, 0, changed), 30);
    ASSERT_EQ(f.events.trackUpdates.size(), 2u);
    EXPECT_EQ(f.events.trackUpdates[1][0].codecConfig, changed);
}

TEST(BroadcastAssembler, DropsFramesOfTracksWithoutConfigurationAndKeepsTimeMonotonic) {
    Fixture f;
    f.announce(true, false);
    f.audio(aacFrameTag(), 0);  // a track that never gets its configuration
    f.video(avcTag(true, 0, 0, avcC()), 0);
    ASSERT_EQ(f.events.opened, 1);
    f.video(avcTag(true, 1, 0, nalus()), 100);
    f.video(avcTag(false, 1, 0, nalus()), 90);  // backwards
    ASSERT_EQ(f.events.packets.size(), 2u);
    EXPECT_EQ(f.events.packets[0].dts, MediaTime::fromMilliseconds(100));
    EXPECT_EQ(f.events.packets[1].dts, MediaTime::fromMilliseconds(100));
}

TEST(BroadcastAssembler, FlushOpensWhatIsConfigured) {
    Fixture f;
    f.announce(true, true);
    f.video(avcTag(true, 0, 0, avcC()), 0);
    f.video(avcTag(true, 1, 0, nalus()), 0);
    f.assembler.flush();
    EXPECT_EQ(f.events.opened, 1);
    EXPECT_EQ(f.events.packets.size(), 1u);
}

TEST(BroadcastAssembler, BoundsMemoryWhileNothingIsDecodable) {
    Fixture f;
    f.limits.maxPendingMediaBytes = 100;
    f.announce(true, true);
    for (int i = 0; i < 100; ++i) f.audio(aacFrameTag(), 0);
    EXPECT_EQ(f.events.opened, 0);
    f.video(avcTag(true, 0, 0, avcC()), 0);
    f.audio(aacConfigTag(), 0);
    EXPECT_EQ(f.events.opened, 1);
    // Only the newest frames that fit the bound were held (3 bytes each).
    EXPECT_GT(f.events.packets.size(), 0u);
    EXPECT_LE(f.events.packets.size(), 34u);
}

TEST(BroadcastAssembler, AResumedBroadcastContinuesItsTimelineKeepingAvSync) {
    Fixture f;
    f.assembler.continueTimelineAt(60'000);
    f.announce(true, true);
    f.video(avcTag(true, 0, 0, avcC()), 0);
    f.audio(aacConfigTag(), 0);
    f.video(avcTag(true, 1, 0, nalus()), 0);  // the new connection's clock restarts at 0
    f.audio(aacFrameTag(), 23);
    f.video(avcTag(false, 1, 0, nalus()), 40);
    ASSERT_EQ(f.events.packets.size(), 3u);
    EXPECT_EQ(f.events.packets[0].dts, MediaTime::fromMilliseconds(60'000));
    EXPECT_EQ(f.events.packets[1].dts, MediaTime::fromMilliseconds(60'023));
    EXPECT_EQ(f.events.packets[2].dts, MediaTime::fromMilliseconds(60'040));
}
