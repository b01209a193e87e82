#include <gtest/gtest.h>

#include "ChatTestKit.h"
#include "engineio/EngineIoServer.h"
#include "logic/SignInCheck.h"
#include "logic/WallClock.h"
#include "presence/RoomPresence.h"
#include "relay/ChatRelay.h"
#include "socketio/SocketIoServer.h"
#include "sockstream/events/IdentityEvents.h"

namespace sockstream::chat::test {
namespace {

using ::testing::_;
using ::testing::Return;
using Verdict = SignInCheck::Verdict;

class SignInCheckTest : public ::testing::Test {
protected:
    SignInCheckTest()
        : engine(std::make_shared<EngineIoServer>(context, ChatConfig{})), relay(context.clusterPeers),
          sockets(*engine, {"gaming"}, ProtocolLimits{}), presence(context, *engine, relay, FanOutPacing{}, owner),
          check(context, sockets, presence, engine->mutex(), owner) {
        session = connectedSession("s", "session-1");
    }

    /// A signed-in polling session in room "r", known to the Engine.IO server like a real one.
    std::shared_ptr<EngineSession> connectedSession(const std::string& sid, const std::string& signInSessionId) {
        ON_CALL(context.router, addAsync(_, _, _))
            .WillByDefault([this](const std::string& method, const std::string&, AsyncHttpHandler handler) {
                if (method == "GET") get = std::move(handler);
            });
        if (!get) engine->registerRoutes();
        auto exchange = std::make_shared<RecordingExchange>();
        get(request("GET", {{"EIO", "4"}, {"transport", "polling"}}), HttpResponder(exchange));
        const std::string body(exchange->response->body());
        const std::string realSid = nlohmann::json::parse(body.substr(1)).at("sid").get<std::string>();
        std::lock_guard lock(engine->mutex());
        auto s = engine->findLocked(realSid);
        (void)sid;
        s->user = std::make_shared<const ChatUser>(ChatUser{"u-" + signInSessionId, "User"});
        s->signInSessionId = signInSessionId;
        s->signInExpiresAt = wallMs() + 3'600'000;
        sockets.onMessage(s, "0/gaming,", false);
        presence.join(*s, s->sockets[0], "r");
        s->pollQueue.clear();
        return s;
    }
    void verify() {
        std::lock_guard lock(engine->mutex());
        check.verify(session, [&](Verdict v) { verdicts.push_back(v); });
    }

    ChatContext context;
    AsyncHttpHandler get;
    std::shared_ptr<EngineIoServer> engine;
    ChatRelay relay;
    SocketIoServer sockets;
    std::shared_ptr<int> alive = std::make_shared<int>(0);
    std::weak_ptr<const void> owner = alive;
    RoomPresence presence;
    SignInCheck check;
    std::shared_ptr<EngineSession> session;
    std::vector<Verdict> verdicts;
};

// The review finding: no database read per chat message.
TEST_F(SignInCheckTest, ASessionBeforeItsExpiryGoesOnWithoutADatabaseRead) {
    EXPECT_CALL(context.users, sessionActive).Times(0);
    for (int i = 0; i < 100; ++i) verify();
    EXPECT_EQ(verdicts, std::vector<Verdict>(100, Verdict::SignedIn));
    EXPECT_TRUE(session->user);
}

TEST_F(SignInCheckTest, APassedExpiryIsReadOnceMoreAndARefreshedSessionGoesOn) {
    session->signInExpiresAt = wallMs() - 1;
    EXPECT_CALL(context.users, sessionActive("session-1")).WillOnce(Return(true));
    verify();
    verify();  // the refreshed expiry is kept: no second read
    EXPECT_EQ(verdicts, (std::vector<Verdict>{Verdict::SignedIn, Verdict::SignedIn}));
    EXPECT_GT(session->signInExpiresAt, wallMs());
}

TEST_F(SignInCheckTest, AnExpiredSessionIsRefusedMadeAnonymousAndTold) {
    session->signInExpiresAt = wallMs() - 1;
    EXPECT_CALL(context.users, sessionActive("session-1")).WillOnce(Return(false));
    verify();
    EXPECT_EQ(verdicts, std::vector<Verdict>{Verdict::SignedOut});
    EXPECT_FALSE(session->user);
    EXPECT_TRUE(session->signInSessionId.empty());
    ASSERT_EQ(queued(*session).size(), 1u);
    EXPECT_THAT(queued(*session)[0], ::testing::StartsWith("42/gaming,[\"auth:signed-out\",{"));
    EXPECT_THAT(queued(*session)[0], ::testing::HasSubstr("\"reason\":\"expired\""));
    // From then on it is an anonymous connection: no more reads.
    verify();
    EXPECT_EQ(verdicts.back(), Verdict::Anonymous);
}

// A #19 leftover: the idle tab learns of the sign-out at once, not on its next send.
TEST_F(SignInCheckTest, TheCoresSessionEndedSignsOutEveryConnectionOfThatSessionAtOnce) {
    auto otherTab = connectedSession("t", "session-1");
    auto otherUser = connectedSession("o", "session-2");
    EXPECT_CALL(context.users, sessionActive).Times(0);
    {
        std::lock_guard lock(engine->mutex());
        check.sessionEnded("session-1", "signed_out");
    }
    for (const auto& tab : {session, otherTab}) {
        EXPECT_FALSE(tab->user);
        ASSERT_EQ(queued(*tab).size(), 1u);
        EXPECT_THAT(queued(*tab)[0], ::testing::StartsWith("42/gaming,[\"auth:signed-out\",{"));
        EXPECT_THAT(queued(*tab)[0], ::testing::HasSubstr("\"reason\":\"signed_out\""));
    }
    EXPECT_TRUE(otherUser->user);
    EXPECT_TRUE(queued(*otherUser).empty());
    // Its next action says why it is refused, once; then it is anonymous.
    verify();
    verify();
    EXPECT_EQ(verdicts, (std::vector<Verdict>{Verdict::SignedOut, Verdict::Anonymous}));
}

TEST_F(SignInCheckTest, FollowsSignInSessionEndedFromTheBus) {
    std::function<void(const Event&)> handler;
    EXPECT_CALL(context.eventBus, subscribeTopic(SignInSessionEnded::kTopic, _))
        .WillOnce([&](std::string_view, std::function<void(const Event&)> h) {
            handler = std::move(h);
            return SubscriptionId{7};
        });
    check.subscribe();
    ASSERT_TRUE(handler);
    SignInSessionEnded ended;
    ended.sessionId = "session-1";
    ended.userId = "u-session-1";
    ended.reason = "revoked";
    ended.originServer = "another-server";  // relayed from the cluster: handled the same
    handler(ended);  // the manual scheduler runs the posted work at once
    EXPECT_FALSE(session->user);
    EXPECT_THAT(queued(*session)[0], ::testing::HasSubstr("\"reason\":\"revoked\""));
    EXPECT_CALL(context.eventBus, unsubscribe(SubscriptionId{7}));
    check.unsubscribe();
}

TEST_F(SignInCheckTest, TheTickTellsAnIdleConnectionWhoseSessionExpired) {
    session->signInExpiresAt = wallMs() - 1;
    EXPECT_CALL(context.users, sessionActive("session-1")).WillOnce(Return(false));
    {
        std::lock_guard lock(engine->mutex());
        check.tick();
    }
    EXPECT_FALSE(session->user);
    ASSERT_EQ(queued(*session).size(), 1u);
    EXPECT_THAT(queued(*session)[0], ::testing::HasSubstr("\"reason\":\"expired\""));
    // Its next action still says why it is refused.
    verify();
    EXPECT_EQ(verdicts, std::vector<Verdict>{Verdict::SignedOut});
}

TEST_F(SignInCheckTest, AnonymousConnectionsNeedNoLookup) {
    auto anonymous = pollingSession("a");
    EXPECT_CALL(context.users, sessionActive).Times(0);
    check.verify(anonymous, [&](Verdict v) { verdicts.push_back(v); });
    EXPECT_EQ(verdicts, std::vector<Verdict>{Verdict::Anonymous});
}

TEST_F(SignInCheckTest, AFailingDatabaseDoesNotSignEveryoneOut) {
    session->signInExpiresAt = wallMs() - 1;
    EXPECT_CALL(context.users, sessionActive("session-1")).WillOnce([](const std::string&) -> bool {
        throw std::runtime_error("database is locked");
    });
    verify();
    EXPECT_EQ(verdicts, std::vector<Verdict>{Verdict::SignedIn});
    EXPECT_TRUE(session->user);
}

}  // namespace
}  // namespace sockstream::chat::test
