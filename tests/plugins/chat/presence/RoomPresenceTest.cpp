#include <gtest/gtest.h>

#include "ChatTestKit.h"
#include "engineio/EngineIoServer.h"
#include "presence/RoomPresence.h"
#include "logic/WallClock.h"
#include "relay/ChatRelay.h"

namespace sockstream::chat::test {
namespace {

using ::testing::_;
using ::testing::ElementsAre;

class RoomPresenceTest : public ::testing::Test {
protected:
    RoomPresenceTest()
        : engine(std::make_shared<EngineIoServer>(context, ChatConfig{})), relay(context.clusterPeers),
          presence(context, *engine, relay, FanOutPacing{}, owner) {}

    /// A session with a socket in /gaming.
    std::shared_ptr<EngineSession> member(const std::string& sid, std::shared_ptr<const ChatUser> user = nullptr) {
        auto session = pollingSession(sid, std::move(user));
        session->sockets.push_back(NamespaceSocket{"gaming", "socket-" + sid, {}});
        return session;
    }
    void join(EngineSession& session, const std::string& roomId) { presence.join(session, session.sockets[0], roomId); }

    ChatContext context;
    std::shared_ptr<EngineIoServer> engine;
    ChatRelay relay;
    std::shared_ptr<int> alive = std::make_shared<int>(0);
    std::weak_ptr<const void> owner = alive;
    RoomPresence presence;
};

TEST_F(RoomPresenceTest, JoinAndTickReportTheCountOnceToTheRoomAndTheRoomList) {
    auto a = member("a");
    auto b = member("b");
    EXPECT_CALL(context.roomRegistry, setViewerCount("r", 2)).Times(1);
    join(*a, "r");
    join(*b, "r");
    EXPECT_THAT(a->sockets[0].rooms, ElementsAre("r"));
    EXPECT_EQ(presence.totalViewers("r"), 2);
    presence.tick();
    presence.tick();  // unchanged: nothing more
    EXPECT_THAT(queued(*a), ElementsAre("42/gaming,[\"room:viewers\",{\"count\":2,\"roomId\":\"r\"}]"));
    EXPECT_EQ(queued(*b), queued(*a));
}

TEST_F(RoomPresenceTest, BroadcastsReachTheRoomsMembersOnly) {
    auto a = member("a");
    auto b = member("b");
    join(*a, "r");
    join(*b, "other");
    presence.broadcast("r", "chat:message", {{"text", "hi"}});
    EXPECT_THAT(queued(*a), ElementsAre("42/gaming,[\"chat:message\",{\"text\":\"hi\"}]"));
    EXPECT_TRUE(queued(*b).empty());
}

TEST_F(RoomPresenceTest, LeavingDropsTheMemberAndAnEmptyRoomIsForgottenAtTheTick) {
    auto a = member("a");
    join(*a, "r");
    presence.tick();
    presence.leave(*a, a->sockets[0], "r");
    EXPECT_TRUE(a->sockets[0].rooms.empty());
    EXPECT_EQ(presence.totalViewers("r"), 0);
    EXPECT_CALL(context.roomRegistry, setViewerCount("r", 0)).Times(1);
    presence.tick();
    a->pollQueue.clear();
    presence.broadcast("r", "chat:message", {{"text", "nobody"}});
    EXPECT_TRUE(queued(*a).empty());
}

TEST_F(RoomPresenceTest, ForgettingADeletedRoomTakesItOutOfItsMembersSockets) {
    auto a = member("a");
    join(*a, "r");
    presence.setLive("r", true);
    presence.forget("r");
    EXPECT_TRUE(a->sockets[0].rooms.empty());
    EXPECT_FALSE(presence.isLive("r"));
    EXPECT_EQ(presence.totalViewers("r"), 0);
}

TEST_F(RoomPresenceTest, CountsViewersOnOtherServersOfTheCluster) {
    ON_CALL(context.clusterPeers, enabled()).WillByDefault(::testing::Return(true));
    ON_CALL(context.clusterPeers, serverId()).WillByDefault(::testing::ReturnRefOfCopy(std::string("here")));
    auto a = member("a");
    join(*a, "r");
    presence.remoteViewersChanged(relay.acceptViewers(R"({"server":"there","counts":{"r":3,"elsewhere":2}})", wallMs()));
    EXPECT_EQ(presence.totalViewers("r"), 4);
    EXPECT_EQ(presence.totalViewers("elsewhere"), 2);
    // The tick shares this server's count with the others.
    EXPECT_CALL(context.clusterPeers, publish(ChatRelay::kViewersChannel, ::testing::HasSubstr("\"r\":1"))).Times(1);
    presence.tick();
}

}  // namespace
}  // namespace sockstream::chat::test
