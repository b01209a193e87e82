#include <gtest/gtest.h>

#include "ChatTestKit.h"
#include "engineio/EngineIoServer.h"
#include "socketio/SocketIoServer.h"

namespace sockstream::chat::test {
namespace {

struct RecordingHandler : SocketIoHandler {
    std::vector<std::string> events;
    std::vector<std::string> closing;
    int ticks = 0;
    void onEvent(const EngineSessionPtr&, NamespaceSocket& socket, SocketIoPacket& packet) override {
        events.push_back(socket.channelId + ":" + packet.eventName());
    }
    void onSocketClosing(EngineSession&, NamespaceSocket& socket) override { closing.push_back(socket.channelId); }
    void onTick(std::int64_t) override { ++ticks; }
};

class SocketIoServerTest : public ::testing::Test {
protected:
    SocketIoServerTest()
        : engine(std::make_shared<EngineIoServer>(context, ChatConfig{})), sockets(*engine, {"gaming", "music"}, ProtocolLimits{}) {
        sockets.setHandler(&handler);
    }
    ChatContext context;
    std::shared_ptr<EngineIoServer> engine;
    SocketIoServer sockets;
    RecordingHandler handler;
    std::shared_ptr<EngineSession> session = pollingSession("s1");
};

TEST_F(SocketIoServerTest, ConnectsToAChannelNamespaceWithAFreshSid) {
    sockets.onMessage(session, "0/gaming,", false);
    ASSERT_EQ(session->sockets.size(), 1u);
    EXPECT_EQ(session->sockets[0].channelId, "gaming");
    EXPECT_EQ(session->connectDeadline, 0);
    ASSERT_EQ(queued(*session).size(), 1u);
    EXPECT_EQ(queued(*session)[0], "40/gaming,{\"sid\":\"" + session->sockets[0].sid + "\"}");
}

TEST_F(SocketIoServerTest, RefusesAnUnknownNamespaceAndTheMainOne) {
    sockets.onMessage(session, "0/nope,", false);
    sockets.onMessage(session, "0", false);
    EXPECT_TRUE(session->sockets.empty());
    EXPECT_THAT(queued(*session), ::testing::ElementsAre("44/nope,{\"message\":\"Invalid namespace\"}",
                                                         "44{\"message\":\"Invalid namespace\"}"));
}

TEST_F(SocketIoServerTest, HandsEventsOfConnectedSocketsToTheHandler) {
    sockets.onMessage(session, "0/music,", false);
    sockets.onMessage(session, "2/music,[\"room:join\",{\"roomId\":\"r\"}]", false);
    EXPECT_THAT(handler.events, ::testing::ElementsAre("music:room:join"));
}

TEST_F(SocketIoServerTest, AnswersAcksInTheHttpApisErrorShape) {
    sockets.onMessage(session, "0/gaming,", false);
    session->pollQueue.clear();
    sockets.ackError(session, "gaming", 7, "muted", "you are muted in this room");
    sockets.ack(session, "gaming", std::nullopt, {{"ok", true}});  // no ack asked: nothing sent
    EXPECT_THAT(queued(*session),
                ::testing::ElementsAre("43/gaming,7[{\"error\":{\"code\":\"muted\",\"message\":\"you are muted in this room\"}}]"));
}

TEST_F(SocketIoServerTest, LeavingANamespaceTellsTheHandlerFirst) {
    sockets.onMessage(session, "0/gaming,", false);
    sockets.onMessage(session, "0/music,", false);
    sockets.onMessage(session, "1/gaming,", false);
    EXPECT_THAT(handler.closing, ::testing::ElementsAre("gaming"));
    sockets.onSessionClosed(*session);
    EXPECT_THAT(handler.closing, ::testing::ElementsAre("gaming", "music"));
    EXPECT_TRUE(session->sockets.empty());
}

TEST_F(SocketIoServerTest, BroadcastsToEveryConnectedSocketOfAChannelOnly) {
    auto other = pollingSession("s2");
    sockets.onMessage(session, "0/gaming,", false);
    sockets.onMessage(other, "0/music,", false);
    session->pollQueue.clear();
    other->pollQueue.clear();
    sockets.broadcastToChannel("gaming", "room:created", {{"roomId", "r"}});
    EXPECT_THAT(queued(*session), ::testing::ElementsAre("42/gaming,[\"room:created\",{\"roomId\":\"r\"}]"));
    EXPECT_TRUE(queued(*other).empty());
}

TEST_F(SocketIoServerTest, WarningsReachEverySocketOfTheSession) {
    sockets.onMessage(session, "0/gaming,", false);
    session->pollQueue.clear();
    sockets.onWarning(*session, "origin_refused", "words");
    EXPECT_THAT(queued(*session), ::testing::ElementsAre(
        "42/gaming,[\"connection:warning\",{\"code\":\"origin_refused\",\"message\":\"words\"}]"));
}

TEST_F(SocketIoServerTest, AWarningBeforeTheFirstConnectWaitsForIt) {
    sockets.onWarning(*session, "origin_refused", "words");
    EXPECT_TRUE(queued(*session).empty());
    sockets.onMessage(session, "0/gaming,", false);
    ASSERT_EQ(queued(*session).size(), 2u);
    EXPECT_EQ(queued(*session)[1], "42/gaming,[\"connection:warning\",{\"code\":\"origin_refused\",\"message\":\"words\"}]");
}

TEST_F(SocketIoServerTest, ARefusedOriginGetsConnectErrorInWords) {
    session->refusedOrigin = std::make_unique<const std::string>("http://elsewhere.example");
    sockets.onMessage(session, "0/gaming,", false);
    EXPECT_TRUE(session->sockets.empty());
    ASSERT_EQ(queued(*session).size(), 1u);
    const std::string packet = queued(*session)[0];
    EXPECT_THAT(packet, ::testing::StartsWith("44/gaming,{"));
    EXPECT_THAT(packet, ::testing::HasSubstr("\"code\":\"origin_refused\""));
    EXPECT_THAT(packet, ::testing::HasSubstr("server.allowedOrigins"));
}

}  // namespace
}  // namespace sockstream::chat::test
