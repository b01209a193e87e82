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

class StreamKeysTest : public test::RoomsFixture {
protected:
    void SetUp() override {
        open();
        alice = createUser("alice@example.com", "Alice");
        room = rooms->createRoom(alice, "gaming", "Alice live", "");
        clearEvents();
    }
    std::string mint() { return rooms->mintStreamKey(alice, room.id).key; }

    User alice;
    Room room;
};

TEST_F(StreamKeysTest, MintedKeyAuthorizesItsRoom) {
    MintedKey minted = rooms->mintStreamKey(alice, room.id);
    EXPECT_THAT(minted.key, StartsWith("live_"));
    EXPECT_GE(minted.key.size(), 32u);
    EXPECT_GT(minted.expiresAt, 0);
    PublishDecision decision = rooms->authorizePublish(minted.key);
    ASSERT_TRUE(decision.allowed) << decision.reason;
    EXPECT_EQ(decision.grant.roomId, room.id);
    EXPECT_EQ(decision.grant.channelId, "gaming");
    EXPECT_EQ(decision.grant.ownerId, alice.id);
    EXPECT_FALSE(decision.grant.broadcastId.empty());
    EXPECT_FALSE(decision.grant.resumed);
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
        EXPECT_EQ(decision.statusCode, "NetStream.Publish.BadName");
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
    EXPECT_TRUE(rooms->authorizePublish(second).allowed);
}

TEST_F(StreamKeysTest, UnusedKeyExpires) {
    config.streamKeyTtlSeconds = 1;
    reopen();
    std::string key = mint();
    std::this_thread::sleep_for(1100ms);
    PublishDecision decision = rooms->authorizePublish(key);
    EXPECT_FALSE(decision.allowed);
    EXPECT_THAT(decision.reason, HasSubstr("expired"));
}

TEST_F(StreamKeysTest, CleanEndSpendsTheKey) {
    std::string key = mint();
    auto publisher = publish(rooms->authorizePublish(key));
    EXPECT_TRUE(rooms->findRoom(room.id)->live);
    publisher->finish();
    EXPECT_FALSE(rooms->findRoom(room.id)->live);
    EXPECT_THAT(events(), ElementsAre("started", "ended"));
    PublishDecision again = rooms->authorizePublish(key);
    EXPECT_FALSE(again.allowed);
    EXPECT_THAT(again.reason, HasSubstr("already used"));
    EXPECT_NO_THROW(mint()) << "after the broadcast ended the owner may get a new key";
}

TEST_F(StreamKeysTest, SecondPublisherIsRefusedWhileTheFirstIsHealthy) {
    std::string key = mint();
    auto publisher = publish(rooms->authorizePublish(key));
    PublishDecision second = rooms->authorizePublish(key);
    EXPECT_FALSE(second.allowed);
    EXPECT_THAT(second.reason, HasSubstr("already publishing"));
    int status = 0;
    try {
        mint();
    } catch (const HttpError& error) {
        status = error.status();
        EXPECT_EQ(error.code(), "room_live");
    }
    EXPECT_EQ(status, 409) << "no new key while live";
    EXPECT_TRUE(publisher->active());
}

TEST_F(StreamKeysTest, ReconnectWithinGraceResumesTheBroadcast) {
    std::string key = mint();
    PublishDecision first = rooms->authorizePublish(key);
    auto publisher = publish(first);
    publisher.reset();  // connection lost
    EXPECT_TRUE(rooms->findRoom(room.id)->live) << "still live during the grace window";
    scheduler.advance(10s);

    PublishDecision again = rooms->authorizePublish(key);
    ASSERT_TRUE(again.allowed) << again.reason;
    EXPECT_TRUE(again.grant.resumed);
    EXPECT_EQ(again.grant.broadcastId, first.grant.broadcastId);
    auto resumed = publish(again);
    EXPECT_THAT(events(), ElementsAre("started", "started resumed"));
    resumed->finish();
    EXPECT_FALSE(rooms->authorizePublish(key).allowed);
}

TEST_F(StreamKeysTest, GraceExpiryEndsTheBroadcastAndSpendsTheKey) {
    std::string key = mint();
    publish(rooms->authorizePublish(key)).reset();
    scheduler.advance(31s);
    EXPECT_FALSE(rooms->findRoom(room.id)->live);
    EXPECT_THAT(events(), ElementsAre("started", "ended"));
    PublishDecision late = rooms->authorizePublish(key);
    EXPECT_FALSE(late.allowed);
    EXPECT_THAT(late.reason, HasSubstr("already used"));
}

TEST_F(StreamKeysTest, ReconnectAfterTheWindowIsRefusedEvenBeforeTheTimerRan) {
    config.reconnectGraceSeconds = 1;
    reopen();
    std::string key = mint();
    publish(rooms->authorizePublish(key)).reset();
    std::this_thread::sleep_for(1100ms);  // wall clock past the window; the bus timer has not fired
    PublishDecision late = rooms->authorizePublish(key);
    EXPECT_FALSE(late.allowed);
    EXPECT_THAT(late.reason, HasSubstr("reconnect window"));
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

TEST_F(StreamKeysTest, KeysAndLiveBroadcastsSurviveARestart) {
    std::string unused = mint();
    reopen();
    EXPECT_TRUE(rooms->authorizePublish(unused).allowed) << "a key minted before a restart still works";

    // That authorization made the key live; a restart finds no broadcast running,
    // so the encoder reconnecting within the window resumes the same broadcast.
    reopen();
    PublishDecision after = rooms->authorizePublish(unused);
    ASSERT_TRUE(after.allowed) << after.reason;
    EXPECT_TRUE(after.grant.resumed);
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

}  // namespace
}  // namespace sockstream::core
