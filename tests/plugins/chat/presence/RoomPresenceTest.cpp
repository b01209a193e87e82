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

namespace sockstream::chat::test {
namespace {

class PeopleCountTest : public RoomPresenceTest {};

TEST_F(PeopleCountTest, CountsPeopleNotTabsAndNeverTheHost) {
    auto host = member("host", std::make_shared<const ChatUser>(ChatUser{"h", "Host"}));
    auto fanTab1 = member("f1", std::make_shared<const ChatUser>(ChatUser{"f", "Fan"}));
    auto fanTab2 = member("f2", std::make_shared<const ChatUser>(ChatUser{"f", "Fan"}));
    auto browserTab1 = member("b1");
    auto browserTab2 = member("b2");
    browserTab1->viewerId = browserTab2->viewerId = "viewer-0123456789abcdef";
    auto noCookie = member("n");
    join(*host, "r");
    presence.join(*fanTab1, fanTab1->sockets[0], "r", "h");
    join(*fanTab2, "r");
    EXPECT_EQ(presence.totalViewers("r"), 1);  // the fan; the host is not counted
    join(*browserTab1, "r");
    join(*browserTab2, "r");
    join(*noCookie, "r");
    EXPECT_EQ(presence.totalViewers("r"), 3);  // fan, the browser, the cookie-less connection
    join(*fanTab2, "r");                       // a repeated join changes nothing
    EXPECT_EQ(presence.totalViewers("r"), 3);
    presence.leave(*fanTab1, fanTab1->sockets[0], "r");
    EXPECT_EQ(presence.totalViewers("r"), 3);  // the fan's other tab is still there
    presence.leave(*fanTab2, fanTab2->sockets[0], "r");
    EXPECT_EQ(presence.totalViewers("r"), 2);
}

TEST_F(PeopleCountTest, ASignedOutConnectionCountsAsAnonymousFromThenOn) {
    auto tab = member("t", std::make_shared<const ChatUser>(ChatUser{"u", "User"}));
    auto otherTab = member("o", std::make_shared<const ChatUser>(ChatUser{"u", "User"}));
    join(*tab, "r");
    join(*otherTab, "r");
    EXPECT_EQ(presence.totalViewers("r"), 1);
    const std::string oldKey = RoomPresence::viewerKey(*tab);
    tab->user.reset();
    presence.viewerChanged(*tab, oldKey);
    EXPECT_EQ(presence.totalViewers("r"), 2);  // the user's other tab, and this now anonymous one
    presence.leave(*tab, tab->sockets[0], "r");
    presence.leave(*otherTab, otherTab->sockets[0], "r");
    EXPECT_EQ(presence.totalViewers("r"), 0);
}

}  // namespace
}  // namespace sockstream::chat::test
