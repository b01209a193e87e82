#include <chrono>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "RoomsFixture.h"
#include "sockstream/http/HttpResponse.h"

namespace sockstream::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace std::chrono_literals;

using test::httpErrorOf;

class StreamKeysTest : public test::RoomsFixture {
protected:
    void SetUp() override {
        open();
        alice = createUser("alice@example.com", "Alice");
        room = rooms->createRoom(alice, "gaming", "Alice live", "");
        clearEvents();
    }
    std::string mint() { return rooms->mintStreamKey(alice, room.id).key; }
    void perBroadcastKeys() {
        rooms->updateRoom(alice, room.id, std::nullopt, std::nullopt, std::nullopt, std::string("per-broadcast"));
        clearEvents();
    }
    std::string keyState() { return rooms->streamKeyStatus(alice, room.id).state; }
    BroadcastState roomState() { return rooms->findRoom(room.id)->state; }
    /// kill -9 while media flows: the database says live, no process says anything else.
    void crashWhileLive(std::unique_ptr<MediaPublisher> publisher) {
        media->setBroadcastListener(nullptr);
        publisher.reset();
        media->closeAll();
        reopen();
    }

    User alice;
    Room room;
};

TEST_F(StreamKeysTest, MintedKeyAuthorizesItsRoom) {
    MintedKey minted = rooms->mintStreamKey(alice, room.id);
    EXPECT_THAT(minted.key, StartsWith("live_"));
    EXPECT_GE(minted.key.size(), 32u);
    EXPECT_EQ(minted.expiresAt, 0) << "persistent keys (the default) do not expire";
    EXPECT_EQ(minted.mode, "persistent");
    EXPECT_EQ(keyState(), "idle");
    PublishDecision decision = rooms->authorizePublish(minted.key);
    ASSERT_TRUE(decision.allowed) << decision.reason;
    EXPECT_EQ(decision.grant.roomId, room.id);
    EXPECT_EQ(decision.grant.channelId, "gaming");
    EXPECT_EQ(decision.grant.ownerId, alice.id);
    EXPECT_FALSE(decision.grant.broadcastId.empty());
    EXPECT_FALSE(decision.grant.resumed);
    EXPECT_EQ(keyState(), "authorised");
}

TEST_F(StreamKeysTest, KeysAreStoredOnlyAsHashes) {
    std::string key = mint();
    Poco::Data::Session session = database->session();
    int plain = 0;
    std::string pattern = "%" + key + "%";
    session << "SELECT COUNT(*) FROM stream_keys WHERE key_hash LIKE ? OR broadcast_id LIKE ?",
        Poco::Data::Keywords::use(pattern), Poco::Data::Keywords::use(pattern), Poco::Data::Keywords::into(plain),
        Poco::Data::Keywords::now;
    EXPECT_EQ(plain, 0);
}

TEST_F(StreamKeysTest, UnknownAndMalformedKeysAreRefusedWithoutEchoingThem) {
    for (std::string key : {std::string("live_thisKeyWasNeverMintedByAnyone"), std::string("short"),
                            std::string("live_has spaces and ; semicolons!!"), std::string(500, 'k'), std::string()}) {
        PublishDecision decision = rooms->authorizePublish(key);
        EXPECT_FALSE(decision.allowed) << key;
        EXPECT_EQ(decision.refusal, PublishRefusal::UnknownKey);
        EXPECT_THAT(decision.reason, HasSubstr("not recognised"));
        if (!key.empty()) {
            EXPECT_EQ(decision.reason.find(key), std::string::npos);
        }
    }
}

TEST_F(StreamKeysTest, MintingAgainRevokesTheUnusedKey) {
    std::string first = mint();
    std::string second = mint();
    PublishDecision old = rooms->authorizePublish(first);
    EXPECT_FALSE(old.allowed);
    EXPECT_THAT(old.reason, HasSubstr("replaced"));
    EXPECT_EQ(old.refusal, PublishRefusal::Revoked);
    EXPECT_TRUE(rooms->authorizePublish(second).allowed);
}

TEST_F(StreamKeysTest, UnusedPerBroadcastKeyExpires) {
    config.streamKeyTtlSeconds = 1;
    reopen();
    perBroadcastKeys();
    MintedKey minted = rooms->mintStreamKey(alice, room.id);
    EXPECT_GT(minted.expiresAt, 0);
    EXPECT_EQ(minted.mode, "per-broadcast");
    std::this_thread::sleep_for(1100ms);
    PublishDecision decision = rooms->authorizePublish(minted.key);
    EXPECT_FALSE(decision.allowed);
    EXPECT_THAT(decision.reason, HasSubstr("expired"));
    EXPECT_EQ(decision.refusal, PublishRefusal::Expired);
    EXPECT_EQ(keyState(), "expired");
    EXPECT_FALSE(rooms->streamKeyStatus(alice, room.id).hasKey);
}

TEST_F(StreamKeysTest, CleanEndSpendsAPerBroadcastKey) {
    perBroadcastKeys();
    std::string key = mint();
    auto publisher = publish(rooms->authorizePublish(key));
    EXPECT_TRUE(rooms->findRoom(room.id)->live);
    EXPECT_EQ(roomState(), BroadcastState::Live);
    EXPECT_EQ(keyState(), "live");
    publisher->finish();
    EXPECT_FALSE(rooms->findRoom(room.id)->live);
    EXPECT_EQ(roomState(), BroadcastState::Offline);
    EXPECT_THAT(events(), ElementsAre("started", "ended"));
    PublishDecision again = rooms->authorizePublish(key);
    EXPECT_FALSE(again.allowed);
    EXPECT_THAT(again.reason, HasSubstr("already used"));
    EXPECT_EQ(again.refusal, PublishRefusal::Spent);
    EXPECT_EQ(keyState(), "none");
    EXPECT_NO_THROW(mint()) << "after the broadcast ended the owner may get a new key";
}

TEST_F(StreamKeysTest, PersistentKeyCarriesBroadcastAfterBroadcast) {
    std::string key = mint();
    PublishDecision first = rooms->authorizePublish(key);
    publish(first)->finish();
    EXPECT_EQ(keyState(), "idle") << "live -> idle: ready for the next broadcast";
    PublishDecision second = rooms->authorizePublish(key);
    ASSERT_TRUE(second.allowed) << second.reason;
    EXPECT_FALSE(second.grant.resumed);
    EXPECT_NE(second.grant.broadcastId, first.grant.broadcastId) << "a new broadcast, not a resume";
    auto publisher = publish(second);
    EXPECT_THAT(events(), ElementsAre("started", "ended", "started"));
    EXPECT_FALSE(rooms->authorizePublish(key).allowed) << "still one encoder at a time";
}

TEST_F(StreamKeysTest, SecondPublisherIsRefusedWhileTheFirstIsHealthy) {
    std::string key = mint();
    auto publisher = publish(rooms->authorizePublish(key));
    PublishDecision second = rooms->authorizePublish(key);
    EXPECT_FALSE(second.allowed);
    EXPECT_THAT(second.reason, HasSubstr("already publishing"));
    EXPECT_EQ(second.refusal, PublishRefusal::RoomBusy);
    int status = 0;
    EXPECT_EQ(httpErrorOf([&] { mint(); }, &status), "room_live");
    EXPECT_EQ(status, 409) << "no new key while media flows";
    EXPECT_TRUE(publisher->active());
}

TEST_F(StreamKeysTest, PublishWithoutMediaNeverBlocksANewKey) {
    // The stuck-key reproduction: publish accepted, then the encoder left before any media.
    std::string key = mint();
    PublishDecision pending = rooms->authorizePublish(key);
    ASSERT_TRUE(pending.allowed);
    EXPECT_EQ(keyState(), "authorised");
    std::string fresh;
    ASSERT_NO_THROW(fresh = mint()) << "a key that carries no media never blocks a new one";
    EXPECT_EQ(media->openStream(pending.grant, {}, "late", {}), nullptr)
        << "the revoked key's late media is refused";
    EXPECT_TRUE(rooms->authorizePublish(fresh).allowed);
    EXPECT_THAT(events(), ElementsAre()) << "nothing went live";
}

TEST_F(StreamKeysTest, AuthorisationWithoutMediaExpiresAfterTheOpenTimeout) {
    config.publishOpenTimeoutSeconds = 1;
    reopen();
    std::string key = mint();
    ASSERT_TRUE(rooms->authorizePublish(key).allowed);
    rooms->sweep();
    EXPECT_EQ(keyState(), "authorised") << "within the open timeout";
    std::this_thread::sleep_for(1100ms);
    rooms->sweep();
    EXPECT_EQ(keyState(), "idle") << "authorised -> idle when no media opened in time";
    PublishDecision again = rooms->authorizePublish(key);
    ASSERT_TRUE(again.allowed) << again.reason;
    EXPECT_FALSE(again.grant.resumed);
}

TEST_F(StreamKeysTest, TheLatestPublishOfAPendingKeyWins) {
    std::string key = mint();
    PublishDecision first = rooms->authorizePublish(key);
    PublishDecision second = rooms->authorizePublish(key);
    ASSERT_TRUE(first.allowed);
    ASSERT_TRUE(second.allowed) << "an encoder that reconnects before sending media is not locked out";
    EXPECT_EQ(media->openStream(first.grant, {}, "first", {}), nullptr);
    auto publisher = publish(second);
    EXPECT_EQ(keyState(), "live");
}

TEST_F(StreamKeysTest, ReconnectWithinGraceResumesTheBroadcast) {
    perBroadcastKeys();
    std::string key = mint();
    PublishDecision first = rooms->authorizePublish(key);
    auto publisher = publish(first);
    publisher.reset();  // connection lost
    EXPECT_EQ(roomState(), BroadcastState::Reconnecting) << "reconnecting during the grace window";
    EXPECT_FALSE(rooms->findRoom(room.id)->live);
    EXPECT_EQ(keyState(), "interrupted");
    scheduler.advance(10s);

    PublishDecision again = rooms->authorizePublish(key);
    ASSERT_TRUE(again.allowed) << again.reason;
    EXPECT_TRUE(again.grant.resumed);
    EXPECT_EQ(again.grant.broadcastId, first.grant.broadcastId);
    auto resumed = publish(again);
    EXPECT_EQ(roomState(), BroadcastState::Live);
    EXPECT_THAT(events(), ElementsAre("started", "interrupted", "started resumed"));
    resumed->finish();
    EXPECT_FALSE(rooms->authorizePublish(key).allowed);
}

TEST_F(StreamKeysTest, GraceExpiryEndsTheBroadcastAndSpendsAPerBroadcastKey) {
    perBroadcastKeys();
    std::string key = mint();
    publish(rooms->authorizePublish(key)).reset();
    scheduler.advance(31s);
    EXPECT_FALSE(rooms->findRoom(room.id)->live);
    EXPECT_EQ(roomState(), BroadcastState::Offline);
    EXPECT_THAT(events(), ElementsAre("started", "interrupted", "ended grace_expired"));
    PublishDecision late = rooms->authorizePublish(key);
    EXPECT_FALSE(late.allowed);
    EXPECT_THAT(late.reason, HasSubstr("already used"));
    EXPECT_EQ(late.refusal, PublishRefusal::Spent);
}

TEST_F(StreamKeysTest, GraceExpiryReturnsAPersistentKeyToIdle) {
    std::string key = mint();
    publish(rooms->authorizePublish(key)).reset();
    scheduler.advance(31s);
    EXPECT_EQ(keyState(), "idle");
    PublishDecision next = rooms->authorizePublish(key);
    ASSERT_TRUE(next.allowed) << next.reason;
    EXPECT_FALSE(next.grant.resumed);
}

TEST_F(StreamKeysTest, ReconnectAfterTheWindowIsRefusedEvenBeforeTheTimerRan) {
    config.reconnectGraceSeconds = 1;
    reopen();
    perBroadcastKeys();
    std::string key = mint();
    publish(rooms->authorizePublish(key)).reset();
    std::this_thread::sleep_for(1100ms);  // wall clock past the window; the bus timer has not fired
    PublishDecision late = rooms->authorizePublish(key);
    EXPECT_FALSE(late.allowed);
    EXPECT_THAT(late.reason, HasSubstr("reconnect window"));
    EXPECT_EQ(late.refusal, PublishRefusal::GraceExpired);
    EXPECT_EQ(roomState(), BroadcastState::Offline);
    EXPECT_THAT(events(), ElementsAre("started", "interrupted", "ended grace_expired"));
}

TEST_F(StreamKeysTest, APersistentKeyAfterTheWindowStartsANewBroadcast) {
    config.reconnectGraceSeconds = 1;
    reopen();
    std::string key = mint();
    PublishDecision first = rooms->authorizePublish(key);
    publish(first).reset();
    std::this_thread::sleep_for(1100ms);
    PublishDecision next = rooms->authorizePublish(key);
    ASSERT_TRUE(next.allowed) << next.reason;
    EXPECT_FALSE(next.grant.resumed);
    EXPECT_NE(next.grant.broadcastId, first.grant.broadcastId);
}

TEST_F(StreamKeysTest, StaleLivePublisherCanBeTakenOverByItsOwnKey) {
    std::string key = mint();
    PublishDecision first = rooms->authorizePublish(key);
    auto publisher = publish(first);
    std::this_thread::sleep_for(MediaBusImpl::kStaleAfter + 200ms);  // silent: no packets
    PublishDecision takeover = rooms->authorizePublish(key);
    ASSERT_TRUE(takeover.allowed) << takeover.reason;
    EXPECT_TRUE(takeover.grant.resumed);
    EXPECT_EQ(takeover.grant.broadcastId, first.grant.broadcastId);
}

TEST_F(StreamKeysTest, ANewKeyWhileNoMediaFlowsEndsTheSilentBroadcast) {
    std::string key = mint();
    auto publisher = publish(rooms->authorizePublish(key));
    bool disconnected = false;
    publisher->setCloseHandler([&](const std::string&) { disconnected = true; });
    std::this_thread::sleep_for(MediaBusImpl::kStaleAfter + 200ms);
    std::string fresh;
    ASSERT_NO_THROW(fresh = mint()) << "the encoder sends nothing: the room is not stuck";
    EXPECT_TRUE(disconnected);
    EXPECT_FALSE(publisher->active());
    EXPECT_EQ(roomState(), BroadcastState::Offline);
    EXPECT_FALSE(rooms->authorizePublish(key).allowed);
    EXPECT_TRUE(rooms->authorizePublish(fresh).allowed);
}

TEST_F(StreamKeysTest, ANewKeyDuringTheGraceWindowEndsTheBroadcast) {
    std::string key = mint();
    publish(rooms->authorizePublish(key)).reset();
    EXPECT_EQ(roomState(), BroadcastState::Reconnecting);
    EXPECT_NO_THROW(mint());
    EXPECT_EQ(roomState(), BroadcastState::Offline);
    EXPECT_THAT(events(), ElementsAre("started", "interrupted", "ended ended_by_host"));
    EXPECT_THAT(rooms->authorizePublish(key).reason, HasSubstr("replaced"));
}

TEST_F(StreamKeysTest, CrashAfterPublishBeforeMediaLeavesTheKeyUsable) {
    std::string key = mint();
    ASSERT_TRUE(rooms->authorizePublish(key).allowed);
    reopen();  // kill -9: nothing ran between the publish and the restart
    EXPECT_EQ(keyState(), "idle");
    EXPECT_EQ(roomState(), BroadcastState::Offline);
    PublishDecision again = rooms->authorizePublish(key);
    ASSERT_TRUE(again.allowed) << again.reason;
    EXPECT_FALSE(again.grant.resumed);
    EXPECT_NO_THROW(mint());
}

TEST_F(StreamKeysTest, CrashMidBroadcastResumesWithinTheWindow) {
    std::string key = mint();
    PublishDecision first = rooms->authorizePublish(key);
    crashWhileLive(publish(first));
    EXPECT_EQ(roomState(), BroadcastState::Reconnecting) << "the encoder may still come back";
    EXPECT_EQ(keyState(), "interrupted");
    PublishDecision again = rooms->authorizePublish(key);
    ASSERT_TRUE(again.allowed) << again.reason;
    EXPECT_TRUE(again.grant.resumed);
    EXPECT_EQ(again.grant.broadcastId, first.grant.broadcastId);
    auto publisher = publish(again);
    EXPECT_EQ(roomState(), BroadcastState::Live);
}

TEST_F(StreamKeysTest, CrashMidBroadcastEndsWhenTheWindowEndsAcrossTheRestart) {
    config.reconnectGraceSeconds = 1;
    reopen();
    perBroadcastKeys();
    std::string key = mint();
    crashWhileLive(publish(rooms->authorizePublish(key)));
    clearEvents();
    rooms->sweep();
    EXPECT_EQ(roomState(), BroadcastState::Reconnecting);
    std::this_thread::sleep_for(1100ms);
    rooms->sweep();  // what the periodic sweep does
    EXPECT_EQ(roomState(), BroadcastState::Offline);
    EXPECT_THAT(events(), ElementsAre("ended grace_expired"));
    EXPECT_EQ(keyState(), "none") << "interrupted -> spent";
    EXPECT_NO_THROW(mint());
}

TEST_F(StreamKeysTest, AStartUpAfterTheWindowEndsTheBroadcastAtOnce) {
    config.reconnectGraceSeconds = 1;
    reopen();
    std::string key = mint();
    crashWhileLive(publish(rooms->authorizePublish(key)));
    std::this_thread::sleep_for(1100ms);
    reopen();  // the server was down longer than the window
    EXPECT_EQ(roomState(), BroadcastState::Offline);
    EXPECT_EQ(keyState(), "idle") << "a persistent key: interrupted -> idle";
}

TEST_F(StreamKeysTest, LiveKeyWhoseMediaVanishedIsInterruptedBySweep) {
    config.publishOpenTimeoutSeconds = 1;
    reopen();
    std::string key = mint();
    auto publisher = publish(rooms->authorizePublish(key));
    media->setBroadcastListener(nullptr);  // the bus loses the stream without telling anyone
    media->closeAll();
    media->setBroadcastListener(rooms.get());
    clearEvents();
    std::this_thread::sleep_for(1100ms);
    rooms->sweep();
    EXPECT_EQ(keyState(), "interrupted");
    EXPECT_EQ(roomState(), BroadcastState::Reconnecting);
    EXPECT_THAT(events(), ElementsAre("interrupted"));
}

TEST_F(StreamKeysTest, KeysSurviveARestart) {
    std::string unused = mint();
    reopen();
    EXPECT_TRUE(rooms->authorizePublish(unused).allowed) << "a key minted before a restart still works";
}

TEST_F(StreamKeysTest, ServerStopKeepsTheKeyResumable) {
    std::string key = mint();
    PublishDecision first = rooms->authorizePublish(key);
    auto publisher = publish(first);
    media->closeAll();  // what Server::stop does
    EXPECT_FALSE(rooms->findRoom(room.id)->live);
    publisher.reset();
    reopen();
    PublishDecision again = rooms->authorizePublish(key);
    ASSERT_TRUE(again.allowed) << again.reason;
    EXPECT_TRUE(again.grant.resumed);
    EXPECT_EQ(again.grant.broadcastId, first.grant.broadcastId);
}

TEST_F(StreamKeysTest, SwitchingTheModeAppliesToTheUnusedKey) {
    std::string key = mint();
    EXPECT_EQ(rooms->streamKeyStatus(alice, room.id).expiresAt, 0);
    Room updated = rooms->updateRoom(alice, room.id, std::nullopt, std::nullopt, std::nullopt, std::string("per-broadcast"));
    EXPECT_EQ(updated.streamKeyMode, "per-broadcast");
    EXPECT_EQ(rooms->findRoom(room.id)->streamKeyMode, "per-broadcast");
    auto status = rooms->streamKeyStatus(alice, room.id);
    EXPECT_EQ(status.mode, "per-broadcast");
    EXPECT_TRUE(status.hasKey);
    EXPECT_GT(status.expiresAt, 0);
    rooms->updateRoom(alice, room.id, std::nullopt, std::nullopt, std::nullopt, std::string("persistent"));
    EXPECT_EQ(rooms->streamKeyStatus(alice, room.id).expiresAt, 0);
    EXPECT_EQ(httpErrorOf([&] {
                  rooms->updateRoom(alice, room.id, std::nullopt, std::nullopt, std::nullopt, std::string("forever"));
              }),
              "invalid_stream_key_mode");
    EXPECT_TRUE(rooms->authorizePublish(key).allowed);
}

TEST_F(StreamKeysTest, OwnersStopDisconnectsTheEncoderAndRevokesTheKey) {
    std::string key = mint();
    auto publisher = publish(rooms->authorizePublish(key));
    std::string why;
    publisher->setCloseHandler([&](const std::string& reason) { why = reason; });
    rooms->stopBroadcast(alice, room.id);
    EXPECT_THAT(why, HasSubstr("owner")) << "the ingest was asked to disconnect";
    EXPECT_FALSE(publisher->active());
    EXPECT_EQ(roomState(), BroadcastState::Offline);
    EXPECT_THAT(events(), ElementsAre("started", "ended ended_by_host"));
    PublishDecision again = rooms->authorizePublish(key);
    EXPECT_FALSE(again.allowed) << "the persistent key is revoked too: it may be leaked";
    EXPECT_THAT(again.reason, HasSubstr("cut off"));
    EXPECT_EQ(again.refusal, PublishRefusal::Revoked);
    EXPECT_EQ(keyState(), "none");
    int status = 0;
    EXPECT_EQ(httpErrorOf([&] { rooms->stopBroadcast(alice, room.id); }, &status), "not_live");
    EXPECT_EQ(status, 409);
}

TEST_F(StreamKeysTest, AdminsMayStopOthersMayNot) {
    User admin = createUser("admin@example.com", "Admin");
    User bob = createUser("bob@example.com", "Bob");
    std::string key = mint();
    auto publisher = publish(rooms->authorizePublish(key));
    EXPECT_EQ(httpErrorOf([&] { rooms->stopBroadcast(bob, room.id); }), "not_room_owner");
    EXPECT_EQ(httpErrorOf([&] { rooms->stopBroadcast(bob, "no-such-room"); }), "room_not_found");
    EXPECT_TRUE(publisher->active());
    EXPECT_NO_THROW(rooms->stopBroadcast(admin, room.id));
    EXPECT_FALSE(publisher->active());
}

TEST_F(StreamKeysTest, StopEndsABroadcastThatIsReconnectingAfterARestart) {
    std::string key = mint();
    crashWhileLive(publish(rooms->authorizePublish(key)));
    clearEvents();
    EXPECT_NO_THROW(rooms->stopBroadcast(alice, room.id));
    EXPECT_EQ(roomState(), BroadcastState::Offline);
    EXPECT_THAT(events(), ElementsAre("ended ended_by_host"));
    EXPECT_FALSE(rooms->authorizePublish(key).allowed);
}

TEST_F(StreamKeysTest, StopWhileAnEncoderWaitsToSendMediaRevokesTheKey) {
    std::string key = mint();
    PublishDecision pending = rooms->authorizePublish(key);
    EXPECT_NO_THROW(rooms->stopBroadcast(alice, room.id));
    EXPECT_EQ(media->openStream(pending.grant, {}, "late", {}), nullptr);
    EXPECT_THAT(events(), ElementsAre()) << "nothing was live: viewers hear nothing";
}

TEST_F(StreamKeysTest, HealthDescribesTheIngestAndWarnsAboutLongKeyframeIntervals) {
    User admin = createUser("admin@example.com", "Admin");
    std::string key = mint();
    PublishDecision decision = rooms->authorizePublish(key);
    TrackInfo video;
    video.id = 0;
    video.kind = MediaKind::Video;
    video.codec = Codec::H264;
    video.width = 1280;
    video.height = 720;
    video.frameRate = 30;
    TrackInfo audio;
    audio.id = 1;
    audio.kind = MediaKind::Audio;
    audio.codec = Codec::AAC;
    audio.sampleRate = 48000;
    audio.channels = 2;
    auto publisher = media->viewFor("rtmp")->openStream(decision.grant, {video, audio}, "obs-test", {});
    ASSERT_TRUE(publisher);
    // OBS's defaults: a keyframe every 250 frames at 30 fps, B-frames (pts != dts).
    for (int frame = 0; frame <= 250; ++frame) {
        MediaPacket packet;
        packet.trackId = 0;
        packet.dts = MediaTime::fromMilliseconds(frame * 1000 / 30);
        packet.pts = packet.dts.plusTicks(frame % 3 == 0 ? 0 : 66);
        packet.keyframe = frame % 250 == 0;
        packet.data = std::make_shared<const std::string>(1000, 'v');
        publisher->push(packet);
    }
    rooms->setViewerCount(room.id, 3);
    StreamHealthReport report = rooms->health(alice, room.id);
    EXPECT_EQ(report.state, BroadcastState::Live);
    EXPECT_EQ(report.viewers, 3);
    ASSERT_TRUE(report.ingest);
    EXPECT_EQ(report.ingest->ingest, "rtmp");
    EXPECT_EQ(report.ingest->videoCodec, "h264");
    EXPECT_EQ(report.ingest->width, 1280);
    EXPECT_NEAR(report.ingest->frameRate, 30, 0.6);
    EXPECT_NEAR(report.ingest->keyframeIntervalSeconds, 8.33, 0.01);
    EXPECT_TRUE(report.ingest->bFrames);
    EXPECT_EQ(report.ingest->audioCodec, "aac");
    EXPECT_EQ(report.ingest->droppedFrames, 0);
    EXPECT_GT(report.ingest->bitrateKbps, 0);
    ASSERT_EQ(report.warnings.size(), 1u);
    EXPECT_EQ(report.warnings[0].code, "keyframe_interval");
    EXPECT_THAT(report.warnings[0].message, HasSubstr("Output Mode: Advanced"));
    EXPECT_THAT(report.warnings[0].message, HasSubstr("Keyframe Interval: 1 s"));

    // Eleven frames missing from the timeline count as dropped.
    MediaPacket gap;
    gap.trackId = 0;
    gap.dts = gap.pts = MediaTime::fromMilliseconds(251 * 1000 / 30 + 11 * 1000 / 30);
    gap.data = std::make_shared<const std::string>(10, 'v');
    publisher->push(gap);
    EXPECT_NEAR(rooms->health(alice, room.id).ingest->droppedFrames, 11, 1);

    User bob = createUser("bob@example.com", "Bob");
    EXPECT_EQ(httpErrorOf([&] { rooms->health(bob, room.id); }), "not_room_owner");
    EXPECT_NO_THROW(rooms->health(admin, room.id));

    rooms->publishHealth();
    ASSERT_EQ(healthEvents().size(), 1u);
    EXPECT_THAT(healthEvents()[0], HasSubstr("\"keyframeIntervalSeconds\":8.33"));
    EXPECT_THAT(healthRecipients(), ::testing::UnorderedElementsAre(alice.id, admin.id));
    publisher->finish();
    rooms->publishHealth();
    EXPECT_EQ(healthEvents().size(), 1u) << "offline rooms publish no health";
}

}  // namespace
}  // namespace sockstream::core
