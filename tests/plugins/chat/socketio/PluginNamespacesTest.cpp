// The namespaces plugins serve through ChatService, on SocketIoServer with
// long-polling sessions: what goes out on the wire for each capability.
#include <gtest/gtest.h>

#include <stdexcept>

#include "ChatTestKit.h"
#include "engineio/EngineIoServer.h"
#include "socketio/PluginNamespaces.h"
#include "socketio/SocketIoServer.h"

namespace sockstream::chat::test {
namespace {

using ::testing::ElementsAre;

/// Binary messages a polling session holds for its next GET.
std::vector<std::string> queuedBinary(const EngineSession& session) {
    std::vector<std::string> out;
    for (const auto& packet : session.pollQueue)
        if (packet.binary) out.push_back(packet.data);
    return out;
}

class PluginNamespacesTest : public ::testing::Test {
protected:
    PluginNamespacesTest()
        : engine(std::make_shared<EngineIoServer>(context, config)), sockets(*engine, {"gaming"}, ProtocolLimits{}),
          namespaces(context, config, ProtocolLimits{}, *engine, sockets, engine->mutex(), owner) {
        sockets.setPluginNamespaces(&namespaces);
    }
    /// Connects `session` to `nsp` and returns its socket id.
    std::string connectTo(const std::shared_ptr<EngineSession>& s, const std::string& nsp, const std::string& auth = "") {
        sockets.onMessage(s, "0" + (nsp == "/" ? std::string() : nsp + ",") + auth, false);
        return s->sockets.empty() ? std::string() : s->sockets.back().sid;
    }
    ChatConfig config;
    ChatContext context;
    std::shared_ptr<int> owner = std::make_shared<int>(0);
    std::shared_ptr<EngineIoServer> engine;
    SocketIoServer sockets;
    PluginNamespaces namespaces;
    std::shared_ptr<EngineSession> session = pollingSession("s1", std::make_shared<ChatUser>(ChatUser{"u1", "Ann"}));
};

TEST_F(PluginNamespacesTest, TheConnectHookSeesAuthAndUserAndMainNamespaceWorks) {
    std::vector<ChatSocket> seen;
    namespaces.add(1, "/", ChatNamespaceHooks{[&](const ChatSocket& s) { seen.push_back(s); }, {}, {}});
    const std::string id = connectTo(session, "/", "{\"token\":\"t\"}");
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].nsp, "/");
    EXPECT_EQ(seen[0].id, id);
    EXPECT_EQ(seen[0].authJson, "{\"token\":\"t\"}");
    ASSERT_TRUE(seen[0].user);
    EXPECT_EQ(seen[0].user->name, "Ann");
    EXPECT_THAT(queued(*session), ElementsAre("40{\"sid\":\"" + id + "\"}"));
}

TEST_F(PluginNamespacesTest, ChannelNamespacesStayTheChatsAndNamesAreChecked) {
    EXPECT_THROW(namespaces.add(1, "/gaming", {}), std::invalid_argument);
    EXPECT_THROW(namespaces.add(1, "bot", {}), std::invalid_argument);
    EXPECT_THROW(namespaces.add(1, "/b t", {}), std::invalid_argument);
    namespaces.add(1, "/bot", {});
    EXPECT_THROW(namespaces.add(2, "/bot", {}), std::invalid_argument);
}

TEST_F(PluginNamespacesTest, ConnectMiddlewareRefusesWithMessageAndData) {
    namespaces.add(1, "/bot", {});
    namespaces.addConnectMiddleware(2, "/bot", [](const ChatSocket& s) -> std::optional<ChatRefusal> {
        if (s.authJson.find("good") != std::string::npos) return std::nullopt;
        return ChatRefusal{"invalid token", "{\"code\":\"bad_token\"}"};
    });
    EXPECT_EQ(connectTo(session, "/bot", "{\"t\":\"bad\"}"), "");
    EXPECT_THAT(queued(*session), ElementsAre("44/bot,{\"data\":{\"code\":\"bad_token\"},\"message\":\"invalid token\"}"));
    session->pollQueue.clear();
    EXPECT_NE(connectTo(session, "/bot", "{\"t\":\"good\"}"), "");
}

TEST_F(PluginNamespacesTest, BinaryEventsArriveAsBytesAndAcksGoBackWithAttachments) {
    std::vector<std::pair<std::string, ChatPayload>> events;
    ChatNamespaceHooks hooks;
    hooks.onEvent = [&](const ChatSocket&, const std::string& event, const ChatPayload& args, ChatReply reply) {
        events.emplace_back(event, args);
        reply(args);
    };
    namespaces.add(1, "/bot", std::move(hooks));
    connectTo(session, "/bot");
    session->pollQueue.clear();
    sockets.onMessage(session, "51-/bot,4[\"echo\",\"a\",{\"_placeholder\":true,\"num\":0}]", false);
    sockets.onMessage(session, std::string("\x00\x01", 2), true);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].first, "echo");
    EXPECT_EQ(events[0].second.json, "[\"a\",{\"_placeholder\":true,\"num\":0}]");
    EXPECT_THAT(events[0].second.binary, ElementsAre(std::string("\x00\x01", 2)));
    EXPECT_THAT(queued(*session), ElementsAre("461-/bot,4[\"a\",{\"_placeholder\":true,\"num\":0}]"));
    EXPECT_THAT(queuedBinary(*session), ElementsAre(std::string("\x00\x01", 2)));
}

TEST_F(PluginNamespacesTest, EventMiddlewareRefusesWithAnErrorAck) {
    int handled = 0;
    ChatNamespaceHooks hooks;
    hooks.onEvent = [&](const ChatSocket&, const std::string&, const ChatPayload&, ChatReply) { ++handled; };
    namespaces.add(1, "/bot", std::move(hooks));
    namespaces.addEventMiddleware(2, "/bot", [](const ChatSocket&, const std::string& event, const ChatPayload&)
                                                 -> std::optional<ChatRefusal> {
        if (event == "no") return ChatRefusal{"not allowed", ""};
        return std::nullopt;
    });
    connectTo(session, "/bot");
    session->pollQueue.clear();
    sockets.onMessage(session, "2/bot,9[\"no\"]", false);
    sockets.onMessage(session, "2/bot,[\"yes\"]", false);
    EXPECT_EQ(handled, 1);
    EXPECT_THAT(queued(*session),
                ElementsAre("43/bot,9[{\"error\":{\"code\":\"refused\",\"message\":\"not allowed\"}}]"));
}

TEST_F(PluginNamespacesTest, RoomsAndNamespaceEmitsReachTheirMembersOnly) {
    namespaces.add(1, "/bot", {});
    auto other = pollingSession("s2");
    const std::string a = connectTo(session, "/bot");
    connectTo(other, "/bot");
    session->pollQueue.clear();
    other->pollQueue.clear();
    EXPECT_TRUE(namespaces.join("/bot", a, "r1"));
    namespaces.emitToRoom("/bot", "r1", "hi", ChatPayload{"[1,\"two\"]", {}});
    namespaces.emitToNamespace("/bot", "all", ChatPayload{"[{\"_placeholder\":true,\"num\":0}]", {"b"}});
    EXPECT_THAT(queued(*session), ElementsAre("42/bot,[\"hi\",1,\"two\"]", "451-/bot,[\"all\",{\"_placeholder\":true,\"num\":0}]"));
    EXPECT_THAT(queued(*other), ElementsAre("451-/bot,[\"all\",{\"_placeholder\":true,\"num\":0}]"));
    EXPECT_THAT(queuedBinary(*other), ElementsAre("b"));
    EXPECT_TRUE(namespaces.leave("/bot", a, "r1"));
    session->pollQueue.clear();
    namespaces.emitToRoom("/bot", "r1", "hi", ChatPayload{});
    EXPECT_TRUE(queued(*session).empty());
    EXPECT_THROW(namespaces.emitToNamespace("/bot", "e", ChatPayload{"[{\"_placeholder\":true,\"num\":0}]", {}}),
                 std::invalid_argument);
}

TEST_F(PluginNamespacesTest, ServerAcksAnswerOnceTimeOutOrFailWhenTheSocketGoes) {
    namespaces.add(1, "/bot", {});
    const std::string id = connectTo(session, "/bot");
    session->pollQueue.clear();
    std::vector<std::optional<ChatPayload>> answers;
    auto record = [&](std::optional<ChatPayload> answer) { answers.push_back(std::move(answer)); };
    ASSERT_TRUE(namespaces.emitToSocket("/bot", id, "q", ChatPayload{"[1]", {}}, std::make_pair(std::chrono::milliseconds(500), record)));
    ASSERT_TRUE(namespaces.emitToSocket("/bot", id, "q", ChatPayload{"[2]", {}}, std::make_pair(std::chrono::milliseconds(500), record)));
    EXPECT_THAT(queued(*session), ElementsAre("42/bot,0[\"q\",1]", "42/bot,1[\"q\",2]"));
    sockets.onMessage(session, "61-/bot,0[\"yes\",{\"_placeholder\":true,\"num\":0}]", false);
    sockets.onMessage(session, "x", true);
    sockets.onMessage(session, "3/bot,0[\"again\"]", false);  // answered already: ignored
    ASSERT_EQ(answers.size(), 1u);
    ASSERT_TRUE(answers[0]);
    EXPECT_EQ(answers[0]->json, "[\"yes\",{\"_placeholder\":true,\"num\":0}]");
    EXPECT_THAT(answers[0]->binary, ElementsAre("x"));
    context.manual.advance(std::chrono::milliseconds(600));
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_FALSE(answers[1]) << "the second timed out";

    ASSERT_TRUE(namespaces.emitToSocket("/bot", id, "q", ChatPayload{}, std::make_pair(std::chrono::milliseconds(500), record)));
    sockets.onSessionClosed(*session);
    ASSERT_EQ(answers.size(), 3u);
    EXPECT_FALSE(answers[2]) << "the socket went";
    EXPECT_FALSE(namespaces.emitToSocket("/bot", id, "q", ChatPayload{}, std::nullopt));
}

TEST_F(PluginNamespacesTest, DisconnectsTellTheHookWithSocketIosReasons) {
    std::vector<std::string> reasons;
    ChatNamespaceHooks hooks;
    hooks.onDisconnect = [&](const ChatSocket&, const std::string& reason) { reasons.push_back(reason); };
    namespaces.add(1, "/bot", std::move(hooks));
    connectTo(session, "/bot");
    sockets.onMessage(session, "1/bot,", false);
    const std::string id = connectTo(session, "/bot");
    session->pollQueue.clear();
    EXPECT_TRUE(namespaces.disconnect("/bot", id));
    EXPECT_THAT(queued(*session), ElementsAre("41/bot,"));
    connectTo(session, "/bot");
    namespaces.remove(1);  // the plugin stops: its sockets are disconnected
    EXPECT_THAT(reasons, ElementsAre("client namespace disconnect", "server namespace disconnect",
                                     "server namespace disconnect"));
    EXPECT_TRUE(session->sockets.empty());
    EXPECT_FALSE(namespaces.serves("/bot"));
}

TEST_F(PluginNamespacesTest, BytesForASlowPollerAreBoundedLikeText) {
    namespaces.add(1, "/bot", {});
    const std::string id = connectTo(session, "/bot");
    const std::string big(config.maxQueuedBytes / 2, 'x');
    EXPECT_TRUE(namespaces.emitToSocket("/bot", id, "file", ChatPayload{R"([{"_placeholder":true,"num":0}])", {big}}, std::nullopt));
    EXPECT_FALSE(session->closed) << "half the bound (as base64: two thirds) still fits";
    namespaces.emitToSocket("/bot", id, "file", ChatPayload{R"([{"_placeholder":true,"num":0}])", {big}}, std::nullopt);
    EXPECT_TRUE(session->closed) << "the poller is dropped as a slow reader";
    EXPECT_TRUE(session->pollQueue.empty());
}

}  // namespace
}  // namespace sockstream::chat::test
