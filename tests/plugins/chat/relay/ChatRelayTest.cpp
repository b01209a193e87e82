#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "relay/ChatRelay.h"
#include "MockCluster.h"

namespace sockstream::chat {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::SaveArg;
using nlohmann::json;

class ChatRelayTest : public ::testing::Test {
protected:
    ChatRelayTest() {
        cluster.id = "edge-1";
        ON_CALL(cluster, enabled()).WillByDefault(Return(true));
    }

    NiceMock<mocks::MockCluster> cluster;
    ChatRelay relay{cluster};
};

std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST_F(ChatRelayTest, RoomEmitIsPublishedAndReadBack) {
    std::string payload;
    EXPECT_CALL(cluster, publish("chat.room", _)).WillOnce(SaveArg<1>(&payload));
    relay.shareRoomEmit("r1", "chat:message", json{{"text", "hi\nthere"}, {"user", {{"id", "u1"}}}});
    auto emit = ChatRelay::decodeEmit(payload);
    ASSERT_TRUE(emit) << payload;
    EXPECT_EQ(emit->target, "r1");
    EXPECT_EQ(emit->event, "chat:message");
    EXPECT_EQ(emit->argument, (json{{"text", "hi\nthere"}, {"user", {{"id", "u1"}}}}));
}

TEST_F(ChatRelayTest, ChannelEmitUsesItsOwnChannel) {
    std::string payload;
    EXPECT_CALL(cluster, publish("chat.channel", _)).WillOnce(SaveArg<1>(&payload));
    relay.shareChannelEmit("music", "room:status", json::array({1, "two"}));
    auto emit = ChatRelay::decodeEmit(payload);
    ASSERT_TRUE(emit);
    EXPECT_EQ(emit->target, "music");
    EXPECT_EQ(emit->argument, json::array({1, "two"}));
}

TEST_F(ChatRelayTest, InvalidUtf8IsReplacedNotThrown) {
    std::string payload;
    EXPECT_CALL(cluster, publish("chat.room", _)).WillOnce(SaveArg<1>(&payload));
    EXPECT_NO_THROW(relay.shareRoomEmit("r1", "chat:message", json{{"text", "bad \xff byte"}}));
    EXPECT_TRUE(ChatRelay::decodeEmit(payload));
}

TEST_F(ChatRelayTest, MuteIsPublishedAndReadBack) {
    std::string payload;
    EXPECT_CALL(cluster, publish("chat.mute", _)).WillOnce(SaveArg<1>(&payload));
    relay.shareMute({"r1", "u7", 1'700'000'000'000});
    auto mute = ChatRelay::decodeMute(payload);
    ASSERT_TRUE(mute) << payload;
    EXPECT_EQ(mute->roomId, "r1");
    EXPECT_EQ(mute->userId, "u7");
    EXPECT_EQ(mute->untilMs, 1'700'000'000'000);
}

TEST_F(ChatRelayTest, ViewersArePublishedWithTheServerId) {
    std::string payload;
    EXPECT_CALL(cluster, publish("chat.viewers", _)).WillOnce(SaveArg<1>(&payload));
    relay.shareViewers({{"r1", 3}, {"r2", 1}});
    NiceMock<mocks::MockCluster> other;
    ChatRelay receiver(other);
    EXPECT_THAT(receiver.acceptViewers(payload, 0), ElementsAre("r1", "r2"));
    EXPECT_EQ(receiver.remoteViewers("r1"), 3);
    EXPECT_EQ(json::parse(payload)["server"], "edge-1");
}

TEST_F(ChatRelayTest, NothingIsPublishedWhenTheClusterIsOff) {
    NiceMock<mocks::MockCluster> off;  // enabled() is false by default
    ChatRelay single(off);
    EXPECT_CALL(off, publish(_, _)).Times(0);
    EXPECT_FALSE(single.enabled());
    single.shareRoomEmit("r1", "chat:message", json::object());
    single.shareChannelEmit("music", "room:status", json::object());
    single.shareMute({"r1", "u1", 5});
    single.shareViewers({{"r1", 2}});
}

TEST(ChatRelayDecode, EmitRefusesMalformedPayloads) {
    for (const char* payload : {"", "not json", "{", "[]", "\"text\"", "42", "null", "{\"to\":\"r1\",\"event\":\"e\",\"arg\":}",
                                "{\"to\":\"r1\",\"event\":\"e\",\"arg\":1} trailing"})
        EXPECT_FALSE(ChatRelay::decodeEmit(payload)) << payload;
}

TEST(ChatRelayDecode, EmitRefusesMissingOrWrongFields) {
    for (const char* payload : {R"({"event":"e","arg":1})", R"({"to":"r1","arg":1})", R"({"to":"r1","event":"e"})",
                                R"({"to":"","event":"e","arg":1})", R"({"to":"r1","event":"","arg":1})",
                                R"({"to":5,"event":"e","arg":1})", R"({"to":"r1","event":["e"],"arg":1})",
                                R"({"to":null,"event":"e","arg":1})"})
        EXPECT_FALSE(ChatRelay::decodeEmit(payload)) << payload;
    EXPECT_TRUE(ChatRelay::decodeEmit(R"({"to":"r1","event":"e","arg":null})")) << "a null argument is an argument";
}

TEST(ChatRelayDecode, EmitRefusesOverLongIds) {
    const std::string longest(128, 'r');
    const std::string tooLong(129, 'r');
    EXPECT_TRUE(ChatRelay::decodeEmit(json{{"to", longest}, {"event", longest}, {"arg", 1}}.dump()));
    EXPECT_FALSE(ChatRelay::decodeEmit(json{{"to", tooLong}, {"event", "e"}, {"arg", 1}}.dump()));
    EXPECT_FALSE(ChatRelay::decodeEmit(json{{"to", "r1"}, {"event", tooLong}, {"arg", 1}}.dump()));
}

TEST(ChatRelayDecode, EmitRefusesTooDeepJson) {
    EXPECT_TRUE(ChatRelay::decodeEmit(R"({"to":"r1","event":"e","arg":)" + nested(20) + "}"));
    EXPECT_FALSE(ChatRelay::decodeEmit(R"({"to":"r1","event":"e","arg":)" + nested(40) + "}"));
    EXPECT_FALSE(ChatRelay::decodeEmit(R"({"to":"r1","event":"e","arg":)" + nested(100'000) + "}"));
}

TEST(ChatRelayDecode, MuteRefusesMalformedPayloads) {
    for (const char* payload : {"", "[]", "{", R"({"userId":"u","until":1})", R"({"roomId":"r","until":1})",
                                R"({"roomId":"r","userId":"u"})", R"({"roomId":"r","userId":"u","until":"1"})",
                                R"({"roomId":"r","userId":"u","until":1.5})", R"({"roomId":"r","userId":"u","until":null})",
                                R"({"roomId":"","userId":"u","until":1})", R"({"roomId":"r","userId":7,"until":1})"})
        EXPECT_FALSE(ChatRelay::decodeMute(payload)) << payload;
    EXPECT_FALSE(ChatRelay::decodeMute(json{{"roomId", std::string(129, 'r')}, {"userId", "u"}, {"until", 1}}.dump()));
    EXPECT_FALSE(ChatRelay::decodeMute(json{{"roomId", "r"}, {"userId", std::string(129, 'u')}, {"until", 1}}.dump()));
    EXPECT_FALSE(ChatRelay::decodeMute(R"({"roomId":"r","userId":"u","until":1,"x":)" + nested(40) + "}"));
}

TEST(ChatRelayDecode, MuteUntilIsNeverNegative) {
    auto mute = ChatRelay::decodeMute(R"({"roomId":"r","userId":"u","until":-5})");
    ASSERT_TRUE(mute);
    EXPECT_EQ(mute->untilMs, 0);
    EXPECT_EQ(ChatRelay::decodeMute(R"({"roomId":"r","userId":"u","until":0})")->untilMs, 0);
}

class ChatRelayViewers : public ::testing::Test {
protected:
    NiceMock<mocks::MockCluster> cluster;
    ChatRelay relay{cluster};

    static std::string counts(const std::string& server, const json& counts) {
        return json{{"server", server}, {"counts", counts}}.dump();
    }
};

TEST_F(ChatRelayViewers, SumsPerServerAndReportsChangedRooms) {
    EXPECT_THAT(relay.acceptViewers(counts("edge-2", {{"r1", 3}, {"r2", 1}}), 1000), ElementsAre("r1", "r2"));
    EXPECT_THAT(relay.acceptViewers(counts("edge-3", {{"r1", 4}}), 1000), ElementsAre("r1"));
    EXPECT_EQ(relay.remoteViewers("r1"), 7);
    EXPECT_EQ(relay.remoteViewers("r2"), 1);
    EXPECT_EQ(relay.remoteViewers("r3"), 0);

    EXPECT_THAT(relay.acceptViewers(counts("edge-2", {{"r1", 3}, {"r2", 1}}), 2000), IsEmpty()) << "nothing changed";
    EXPECT_THAT(relay.acceptViewers(counts("edge-2", {{"r1", 5}}), 3000), ElementsAre("r1", "r2"))
        << "r1 changed, r2 is gone from edge-2";
    EXPECT_EQ(relay.remoteViewers("r1"), 9);
    EXPECT_EQ(relay.remoteViewers("r2"), 0);
}

TEST_F(ChatRelayViewers, IgnoresBadCounts) {
    auto changed = relay.acceptViewers(
        counts("edge-2", {{"ok", 2}, {"negative", -3}, {"zero", 0}, {"fraction", 1.5}, {"text", "4"}, {"null", nullptr},
                          {"list", json::array({1})}, {"huge", 10'000'000}, {"", 1}, {std::string(129, 'r'), 1}}),
        0);
    EXPECT_THAT(changed, ElementsAre("ok"));
    for (const char* room : {"negative", "zero", "fraction", "text", "null", "list", "huge", ""})
        EXPECT_EQ(relay.remoteViewers(room), 0) << room;
    EXPECT_EQ(relay.remoteViewers("ok"), 2);
}

TEST_F(ChatRelayViewers, IgnoresMalformedMessages) {
    relay.acceptViewers(counts("edge-2", {{"r1", 2}}), 0);
    for (const std::string& payload :
         {std::string("not json"), std::string("[]"), json{{"counts", {{"r1", 9}}}}.dump(), counts("", {{"r1", 9}}),
          counts(std::string(129, 's'), {{"r1", 9}}), json{{"server", "edge-3"}}.dump(),
          counts("edge-3", json::array({9})), counts("edge-3", 9),
          R"({"server":"edge-3","counts":{"r1":)" + nested(40) + "}}"})
        EXPECT_THAT(relay.acceptViewers(payload, 0), IsEmpty()) << payload;
    EXPECT_EQ(relay.remoteViewers("r1"), 2);
}

TEST_F(ChatRelayViewers, AQuietServerExpires) {
    relay.acceptViewers(counts("edge-2", {{"r1", 3}, {"r2", 1}}), 1000);
    relay.acceptViewers(counts("edge-3", {{"r1", 4}}), 5000);
    EXPECT_THAT(relay.expireViewers(1000 + ChatRelay::kViewersTtlMs), IsEmpty()) << "at the TTL it is still fresh";
    EXPECT_THAT(relay.expireViewers(1000 + ChatRelay::kViewersTtlMs + 1), ElementsAre("r1", "r2"));
    EXPECT_EQ(relay.remoteViewers("r1"), 4);
    EXPECT_EQ(relay.remoteViewers("r2"), 0);
    EXPECT_THAT(relay.expireViewers(1000 + ChatRelay::kViewersTtlMs + 1), IsEmpty());
    EXPECT_THAT(relay.expireViewers(5000 + ChatRelay::kViewersTtlMs + 1), ElementsAre("r1"));
    EXPECT_EQ(relay.remoteViewers("r1"), 0);
}

TEST_F(ChatRelayViewers, FreshCountsKeepAServerAlive) {
    relay.acceptViewers(counts("edge-2", {{"r1", 3}}), 1000);
    relay.acceptViewers(counts("edge-2", {{"r1", 3}}), 9000);
    EXPECT_THAT(relay.expireViewers(1000 + ChatRelay::kViewersTtlMs + 1), IsEmpty());
    EXPECT_EQ(relay.remoteViewers("r1"), 3);
}

}  // namespace
}  // namespace sockstream::chat

namespace sockstream::chat {
namespace {

TEST(ChatRelayHealth, RoundTripsAStreamsHealthForItsRecipients) {
    ::testing::NiceMock<mocks::MockCluster> cluster;
    ON_CALL(cluster, enabled()).WillByDefault(::testing::Return(true));
    std::string published;
    EXPECT_CALL(cluster, publish(ChatRelay::kHealthChannel, ::testing::_)).WillOnce(::testing::SaveArg<1>(&published));
    ChatRelay relay(cluster);
    relay.shareHealth({"room-1", {"owner", "admin"}, {{"state", "live"}, {"bitrate", 2500}}});
    auto health = ChatRelay::decodeHealth(published);
    ASSERT_TRUE(health);
    EXPECT_EQ(health->roomId, "room-1");
    EXPECT_EQ(health->recipientUserIds, (std::vector<std::string>{"owner", "admin"}));
    EXPECT_EQ(health->health.at("bitrate"), 2500);
}

TEST(ChatRelayHealth, RefusesMalformedHealth) {
    EXPECT_FALSE(ChatRelay::decodeHealth("not json"));
    EXPECT_FALSE(ChatRelay::decodeHealth(R"({"roomId":"r","to":"owner","health":{}})"));
    EXPECT_FALSE(ChatRelay::decodeHealth(R"({"roomId":"r","to":["owner"],"health":"live"})"));
    EXPECT_FALSE(ChatRelay::decodeHealth(R"({"roomId":"","to":["owner"],"health":{}})"));
    // Recipients that are not ids are dropped, not trusted.
    auto health = ChatRelay::decodeHealth(R"({"roomId":"r","to":["owner",7,""],"health":{}})");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->recipientUserIds, std::vector<std::string>{"owner"});
}

}  // namespace
}  // namespace sockstream::chat
