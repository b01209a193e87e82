#include <gtest/gtest.h>

#include "cluster/RoomEventRelay.h"
#include "sockstream/events/RoomEvents.h"
#include "sockstream/events/IdentityEvents.h"

namespace sockstream::core {
namespace {

Room room(const std::string& id) {
    Room value;
    value.id = id;
    value.channelId = "music";
    value.title = "title with spaces";
    return value;
}

TEST(RoomEventRelayEncode, RoomCreated) {
    RoomCreated event;
    event.room = room("r1");
    EXPECT_EQ(RoomEventRelay::encode(RoomCreated::kTopic, event), "room.created r1");
}

TEST(RoomEventRelayEncode, RoomUpdated) {
    RoomUpdated event;
    event.room = room("r2");
    EXPECT_EQ(RoomEventRelay::encode(RoomUpdated::kTopic, event), "room.updated r2");
}

TEST(RoomEventRelayEncode, RoomDeleted) {
    RoomDeleted event;
    event.roomId = "r3";
    event.channelId = "gaming";
    EXPECT_EQ(RoomEventRelay::encode(RoomDeleted::kTopic, event), "room.deleted r3 gaming");
}

TEST(RoomEventRelayEncode, StreamStartedAndResumed) {
    StreamStarted event;
    event.roomId = "r4";
    event.channelId = "music";
    event.broadcastId = "b7";
    EXPECT_EQ(RoomEventRelay::encode(StreamStarted::kTopic, event), "stream.started r4 music b7 0");
    event.resumed = true;
    EXPECT_EQ(RoomEventRelay::encode(StreamStarted::kTopic, event), "stream.started r4 music b7 1");
}

TEST(RoomEventRelayEncode, StreamEnded) {
    StreamEnded event;
    event.roomId = "r5";
    event.channelId = "music";
    event.broadcastId = "b8";
    EXPECT_EQ(RoomEventRelay::encode(StreamEnded::kTopic, event), "stream.ended r5 music b8 ended");
    event.reason = "ended_by_host";
    EXPECT_EQ(RoomEventRelay::encode(StreamEnded::kTopic, event), "stream.ended r5 music b8 ended_by_host");
}

TEST(RoomEventRelayEncode, StreamInterrupted) {
    StreamInterrupted event;
    event.roomId = "r6";
    event.channelId = "music";
    event.broadcastId = "b9";
    EXPECT_EQ(RoomEventRelay::encode(StreamInterrupted::kTopic, event), "stream.interrupted r6 music b9");
}

TEST(RoomEventRelayEncode, SignInSessionEnded) {
    SignInSessionEnded event;
    event.sessionId = "s1";
    event.userId = "u1";
    event.reason = "signed_out";
    EXPECT_EQ(RoomEventRelay::encode(SignInSessionEnded::kTopic, event), "session.ended s1 u1 signed_out");
    event.originServer = "other";
    EXPECT_FALSE(RoomEventRelay::encode(SignInSessionEnded::kTopic, event)) << "relayed ones are not relayed again";
}

TEST(RoomEventRelayEncode, RelayedEventsAreNotRelayedAgain) {
    RoomCreated created;
    created.room = room("r1");
    created.originServer = "edge-2";
    EXPECT_FALSE(RoomEventRelay::encode(RoomCreated::kTopic, created));
    RoomUpdated updated;
    updated.room = room("r1");
    updated.originServer = "edge-2";
    EXPECT_FALSE(RoomEventRelay::encode(RoomUpdated::kTopic, updated));
    RoomDeleted deleted;
    deleted.roomId = "r1";
    deleted.channelId = "music";
    deleted.originServer = "edge-2";
    EXPECT_FALSE(RoomEventRelay::encode(RoomDeleted::kTopic, deleted));
    StreamStarted started;
    started.roomId = "r1";
    started.broadcastId = "b1";
    started.originServer = "edge-2";
    EXPECT_FALSE(RoomEventRelay::encode(StreamStarted::kTopic, started));
    StreamEnded ended;
    ended.roomId = "r1";
    ended.broadcastId = "b1";
    ended.originServer = "edge-2";
    EXPECT_FALSE(RoomEventRelay::encode(StreamEnded::kTopic, ended));
}

TEST(RoomEventRelayEncode, OtherTopicsAreNotRelayed) {
    Event event;
    EXPECT_FALSE(RoomEventRelay::encode("chat.message", event));
    EXPECT_FALSE(RoomEventRelay::encode("", event));
}

}  // namespace
}  // namespace sockstream::core
