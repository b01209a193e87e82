#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ManualScheduler.h"
#include "RecordingBroadcastListener.h"
#include "RecordingObserver.h"
#include "media/MediaBusImpl.h"

namespace sockstream::core {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using namespace std::chrono_literals;

PublishGrant grant(const std::string& room, const std::string& broadcast) {
    PublishGrant g;
    g.roomId = room;
    g.channelId = "gaming";
    g.ownerId = "owner";
    g.broadcastId = broadcast;
    return g;
}

std::vector<TrackInfo> videoAndAudio() {
    TrackInfo video;
    video.id = 0;
    video.kind = MediaKind::Video;
    video.codec = Codec::H264;
    video.codecConfig = std::string("\x01\x64\x00\x1f", 4);
    TrackInfo audio;
    audio.id = 1;
    audio.kind = MediaKind::Audio;
    audio.codec = Codec::AAC;
    return {video, audio};
}

MediaPacket packet(std::int64_t dts, bool keyframe = false) {
    MediaPacket p;
    p.trackId = 0;
    p.dts = MediaTime::fromMilliseconds(dts);
    p.pts = p.dts;
    p.keyframe = keyframe;
    p.data = std::make_shared<const std::string>("frame");
    return p;
}

class MediaBusTest : public ::testing::Test {
protected:
    MediaBusTest() {
        bus.setBroadcastListener(&listener);
        packager->addObserver(observer);
    }
    std::unique_ptr<MediaPublisher> open(const PublishGrant& g, std::function<void()> onSuperseded = {}) {
        return ingest->openStream(g, videoAndAudio(), "obs-test", std::move(onSuperseded));
    }

    test::ManualScheduler scheduler;
    MediaBusImpl bus{scheduler, Poco::Logger::get("test.media"), 30s};
    test::RecordingBroadcastListener listener;
    std::shared_ptr<test::RecordingObserver> observer = std::make_shared<test::RecordingObserver>();
    std::unique_ptr<MediaBus> ingest = bus.viewFor("rtmp");
    std::unique_ptr<MediaBus> packager = bus.viewFor("hls");
};

TEST_F(MediaBusTest, OpenPushFinish) {
    auto publisher = open(grant("r1", "b1"));
    ASSERT_TRUE(publisher->active());
    auto live = packager->liveStream("r1");
    ASSERT_TRUE(live);
    EXPECT_EQ(live->broadcastId, "b1");
    EXPECT_EQ(live->encoder, "obs-test");
    ASSERT_NE(live->track(0), nullptr);
    EXPECT_EQ(live->track(0)->codec, Codec::H264);
    EXPECT_EQ(live->track(7), nullptr);

    publisher->push(packet(0, true));
    publisher->push(packet(33));
    publisher->finish();
    EXPECT_FALSE(publisher->active());
    publisher->push(packet(66));  // after finish: dropped

    EXPECT_THAT(observer->events(),
                ElementsAre("opened r1 b1 resumed=0", "packet r1 0", "packet r1 33", "closed r1"));
    EXPECT_THAT(listener.events(), ElementsAre("opened b1 resumed=0", "finished b1"));
    EXPECT_EQ(packager->liveStream("r1"), nullptr);
    EXPECT_EQ(scheduler.pendingTimers(), 0u);
}

TEST_F(MediaBusTest, UpdatedTracksReachObserversAndLiveInfo) {
    auto publisher = open(grant("r1", "b1"));
    auto tracks = videoAndAudio();
    tracks[0].width = 1280;
    tracks[0].height = 720;
    tracks.pop_back();
    publisher->updateTracks(tracks);
    EXPECT_THAT(observer->events(), ElementsAre("opened r1 b1 resumed=0", "tracks r1 1"));
    auto live = bus.liveStream("r1");
    ASSERT_TRUE(live);
    ASSERT_EQ(live->tracks.size(), 1u);
    EXPECT_EQ(live->tracks[0].width, 1280);
}

TEST_F(MediaBusTest, InterruptThenGraceExpiryCloses) {
    auto publisher = open(grant("r1", "b1"));
    EXPECT_TRUE(bus.hasHealthyPublisher("r1"));
    publisher->interrupt();
    EXPECT_FALSE(bus.hasHealthyPublisher("r1"));
    EXPECT_TRUE(bus.liveStream("r1")) << "within the grace window the broadcast still exists";
    EXPECT_THAT(observer->events(), ElementsAre("opened r1 b1 resumed=0", "interrupted r1"));
    EXPECT_THAT(listener.events(), ElementsAre("opened b1 resumed=0", "interrupted b1"));

    scheduler.advance(29s);
    EXPECT_TRUE(bus.liveStream("r1"));
    scheduler.advance(2s);
    EXPECT_EQ(bus.liveStream("r1"), nullptr);
    EXPECT_THAT(observer->events(), ElementsAre("opened r1 b1 resumed=0", "interrupted r1", "closed r1"));
    EXPECT_THAT(listener.events(), ElementsAre("opened b1 resumed=0", "interrupted b1", "finished b1 grace_expired"));
}

TEST_F(MediaBusTest, DestroyingAPublisherCountsAsInterrupt) {
    open(grant("r1", "b1")).reset();
    EXPECT_THAT(observer->events(), ElementsAre("opened r1 b1 resumed=0", "interrupted r1"));
    scheduler.advance(31s);
    EXPECT_THAT(listener.events(), ElementsAre("opened b1 resumed=0", "interrupted b1", "finished b1 grace_expired"));
}

TEST_F(MediaBusTest, ResumeWithinGraceReusesTheBroadcast) {
    auto first = open(grant("r1", "b1"));
    auto startedAt = bus.liveStream("r1")->startedAt;
    first->interrupt();
    scheduler.advance(10s);

    auto second = open(grant("r1", "b1"));
    EXPECT_TRUE(second->active());
    auto live = bus.liveStream("r1");
    ASSERT_TRUE(live);
    EXPECT_EQ(live->broadcastId, "b1");
    EXPECT_EQ(live->startedAt, startedAt) << "a resumed broadcast keeps its start";
    EXPECT_THAT(observer->events(), ElementsAre("opened r1 b1 resumed=0", "interrupted r1", "opened r1 b1 resumed=1"));
    EXPECT_THAT(listener.events(), ElementsAre("opened b1 resumed=0", "interrupted b1", "opened b1 resumed=1"));

    scheduler.advance(60s);
    EXPECT_TRUE(bus.liveStream("r1")) << "the grace timer was cancelled by the resume";
    second->finish();
    EXPECT_EQ(bus.liveStream("r1"), nullptr);
}

TEST_F(MediaBusTest, TakeoverSupersedesAndDeactivatesTheOldPublisher) {
    int superseded = 0;
    auto first = open(grant("r1", "b1"), [&] { ++superseded; });
    first->push(packet(0, true));
    auto second = open(grant("r1", "b1"));
    EXPECT_EQ(superseded, 1);
    EXPECT_FALSE(first->active());
    EXPECT_TRUE(second->active());

    first->push(packet(1000));  // the old connection's late packet is ignored
    second->push(packet(2000));
    first->interrupt();  // and its loss does not interrupt the new publisher
    first.reset();
    EXPECT_THAT(observer->events(), ElementsAre("opened r1 b1 resumed=0", "packet r1 0", "opened r1 b1 resumed=1",
                                                "packet r1 2000"));
    EXPECT_TRUE(bus.hasHealthyPublisher("r1"));
    EXPECT_EQ(scheduler.pendingTimers(), 0u);
}

TEST_F(MediaBusTest, AnotherBroadcastOfTheRoomClosesTheStaleOne) {
    auto first = open(grant("r1", "b1"));
    auto second = open(grant("r1", "b2"));
    EXPECT_FALSE(first->active());
    EXPECT_THAT(observer->events(), ElementsAre("opened r1 b1 resumed=0", "closed r1", "opened r1 b2 resumed=0"));
    EXPECT_THAT(listener.events(), ElementsAre("opened b1 resumed=0", "finished b1", "opened b2 resumed=0"));
    EXPECT_EQ(bus.liveStream("r1")->broadcastId, "b2");
}

TEST_F(MediaBusTest, RoomsAreIndependent) {
    auto a = open(grant("ra", "ba"));
    auto b = open(grant("rb", "bb"));
    a->finish();
    EXPECT_EQ(bus.liveStream("ra"), nullptr);
    EXPECT_TRUE(bus.liveStream("rb"));
    EXPECT_TRUE(b->active());
}

TEST_F(MediaBusTest, ObserversAreRemovedByOwner) {
    auto other = std::make_shared<test::RecordingObserver>();
    ingest->addObserver(other);  // owned by "rtmp"
    bus.removeOwner("hls");
    auto publisher = open(grant("r1", "b1"));
    publisher->finish();
    EXPECT_THAT(observer->events(), IsEmpty());
    EXPECT_THAT(other->events(), ElementsAre("opened r1 b1 resumed=0", "closed r1"));
}

TEST_F(MediaBusTest, CloseAllSuspendsBroadcasts) {
    auto publisher = open(grant("r1", "b1"));
    bus.closeAll();
    EXPECT_FALSE(publisher->active());
    EXPECT_THAT(observer->events(), ElementsAre("opened r1 b1 resumed=0", "closed r1"));
    EXPECT_THAT(listener.events(), ElementsAre("opened b1 resumed=0", "suspended b1"));
}

TEST_F(MediaBusTest, EndStreamByTheHostAsksTheIngestToDisconnect) {
    auto publisher = open(grant("r1", "b1"));
    std::vector<std::string> asked;
    publisher->setCloseHandler([&](const std::string& why) { asked.push_back(why); });
    EXPECT_TRUE(bus.endStream("r1", "ended_by_host"));
    EXPECT_FALSE(publisher->active());
    ASSERT_EQ(asked.size(), 1u);
    EXPECT_THAT(asked[0], ::testing::HasSubstr("owner"));
    EXPECT_THAT(listener.events(), ElementsAre("opened b1 resumed=0", "finished b1 ended_by_host"));
    EXPECT_EQ(bus.streamState("r1"), MediaBusImpl::StreamState::None);
    EXPECT_FALSE(bus.endStream("r1", "ended_by_host")) << "nothing left to end";
    publisher->finish();
    EXPECT_EQ(asked.size(), 1u);
}

TEST_F(MediaBusTest, TheEncodersOwnEndDoesNotCallItsCloseHandler) {
    auto publisher = open(grant("r1", "b1"));
    int asked = 0;
    publisher->setCloseHandler([&](const std::string&) { ++asked; });
    publisher->finish();
    EXPECT_EQ(asked, 0);
}

TEST_F(MediaBusTest, StreamStateFollowsTheBroadcast) {
    EXPECT_EQ(bus.streamState("r1"), MediaBusImpl::StreamState::None);
    auto publisher = open(grant("r1", "b1"));
    EXPECT_EQ(bus.streamState("r1"), MediaBusImpl::StreamState::Open);
    publisher->interrupt();
    EXPECT_EQ(bus.streamState("r1"), MediaBusImpl::StreamState::Interrupted);
    EXPECT_TRUE(bus.endStream("r1", "ended_by_host"));
    EXPECT_THAT(listener.events(), ElementsAre("opened b1 resumed=0", "interrupted b1", "finished b1 ended_by_host"));
}

TEST_F(MediaBusTest, AnOpenTheListenerRefusesOpensNothing) {
    listener.refuseOpen = true;
    EXPECT_EQ(open(grant("r1", "b1")), nullptr);
    EXPECT_THAT(observer->events(), ElementsAre());
    EXPECT_EQ(bus.streamState("r1"), MediaBusImpl::StreamState::None);
}

TEST_F(MediaBusTest, TheIngestPluginNamesTheStreamsProtocol) {
    auto publisher = open(grant("r1", "b1"));
    EXPECT_EQ(bus.liveStream("r1")->ingest, "rtmp");
}

TEST(MediaBusNoGrace, InterruptEndsTheBroadcastAtOnce) {
    test::ManualScheduler scheduler;
    MediaBusImpl bus(scheduler, Poco::Logger::get("test.media"), 0s);
    test::RecordingBroadcastListener listener;
    bus.setBroadcastListener(&listener);
    auto publisher = bus.openStream(grant("r1", "b1"), {}, "", {});
    publisher->interrupt();
    EXPECT_EQ(bus.liveStream("r1"), nullptr);
    EXPECT_THAT(listener.events(), ElementsAre("opened b1 resumed=0", "finished b1"));
}

}  // namespace
}  // namespace sockstream::core
