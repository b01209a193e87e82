#include <gtest/gtest.h>

#include "ChatTestKit.h"
#include "engineio/EngineIoServer.h"
#include "logic/SignInCheck.h"
#include "presence/RoomPresence.h"
#include "relay/ChatRelay.h"
#include "socketio/SocketIoServer.h"

namespace sockstream::chat::test {
namespace {

using ::testing::Return;
using Verdict = SignInCheck::Verdict;

class SignInCheckTest : public ::testing::Test {
protected:
    SignInCheckTest()
        : engine(std::make_shared<EngineIoServer>(context, ChatConfig{})), relay(context.clusterPeers),
          sockets(*engine, {"gaming"}, ProtocolLimits{}), presence(context, *engine, relay, FanOutPacing{}, owner),
          check(context, sockets, presence, engine->mutex(), owner) {
        session->signInSessionId = "session-1";
        sockets.onMessage(session, "0/gaming,", false);
        presence.join(*session, session->sockets[0], "r");
        session->pollQueue.clear();
    }

    ChatContext context;
    std::shared_ptr<EngineIoServer> engine;
    ChatRelay relay;
    SocketIoServer sockets;
    std::shared_ptr<int> alive = std::make_shared<int>(0);
    std::weak_ptr<const void> owner = alive;
    RoomPresence presence;
    SignInCheck check;
    std::shared_ptr<EngineSession> session =
        pollingSession("s", std::make_shared<const ChatUser>(ChatUser{"u", "User"}));
    std::vector<Verdict> verdicts;
};

TEST_F(SignInCheckTest, AnActiveSessionGoesOn) {
    EXPECT_CALL(context.users, sessionActive("session-1")).WillOnce(Return(true));
    check.verify(session, [&](Verdict v) { verdicts.push_back(v); });
    EXPECT_EQ(verdicts, std::vector<Verdict>{Verdict::SignedIn});
    EXPECT_TRUE(session->user);
}

TEST_F(SignInCheckTest, AnEndedSessionIsRefusedMadeAnonymousAndTold) {
    EXPECT_CALL(context.users, sessionActive("session-1")).WillOnce(Return(false));
    check.verify(session, [&](Verdict v) { verdicts.push_back(v); });
    EXPECT_EQ(verdicts, std::vector<Verdict>{Verdict::SignedOut});
    EXPECT_FALSE(session->user);
    EXPECT_TRUE(session->signInSessionId.empty());
    ASSERT_EQ(queued(*session).size(), 1u);
    EXPECT_THAT(queued(*session)[0], ::testing::StartsWith("42/gaming,[\"auth:signed-out\",{"));
    EXPECT_THAT(queued(*session)[0], ::testing::HasSubstr("\"reason\":\"signed_out\""));
    // From then on it is an anonymous connection: no more lookups.
    check.verify(session, [&](Verdict v) { verdicts.push_back(v); });
    EXPECT_EQ(verdicts.back(), Verdict::Anonymous);
}

TEST_F(SignInCheckTest, AnonymousConnectionsNeedNoLookup) {
    auto anonymous = pollingSession("a");
    EXPECT_CALL(context.users, sessionActive).Times(0);
    check.verify(anonymous, [&](Verdict v) { verdicts.push_back(v); });
    EXPECT_EQ(verdicts, std::vector<Verdict>{Verdict::Anonymous});
}

TEST_F(SignInCheckTest, AFailingDatabaseDoesNotSignEveryoneOut) {
    EXPECT_CALL(context.users, sessionActive("session-1")).WillOnce([](const std::string&) -> bool {
        throw std::runtime_error("database is locked");
    });
    check.verify(session, [&](Verdict v) { verdicts.push_back(v); });
    EXPECT_EQ(verdicts, std::vector<Verdict>{Verdict::SignedIn});
    EXPECT_TRUE(session->user);
}

}  // namespace
}  // namespace sockstream::chat::test
