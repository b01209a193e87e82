#include <gtest/gtest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "ChatTestKit.h"
#include "engineio/EngineIoServer.h"
#include "engineio/EngineListener.h"

namespace sockstream::chat::test {
namespace {

using ::testing::_;

struct RecordingListener : EngineListener {
    std::vector<std::string> messages;
    std::vector<std::string> closed;
    std::vector<std::string> warnings;
    void onMessage(const EngineSessionPtr& session, std::string_view data, bool) override {
        messages.push_back(session->sid + ":" + std::string(data));
    }
    void onSessionClosed(EngineSession& session) override { closed.push_back(session.sid); }
    void onTick(std::int64_t) override {}
    void onWarning(EngineSession& session, const std::string& code, const std::string&) override {
        warnings.push_back(session.sid + ":" + code);
    }
};

class EngineIoServerTest : public ::testing::Test {
protected:
    EngineIoServerTest() {
        ON_CALL(context.router, addAsync(_, _, _))
            .WillByDefault([this](const std::string& method, const std::string&, AsyncHttpHandler handler) {
                if (method == "GET") get = std::move(handler);
                else if (method == "POST") post = std::move(handler);
                else others[method] = std::move(handler);
            });
        server = std::make_shared<EngineIoServer>(context, ChatConfig{});
        server->setListener(&listener);
        server->registerRoutes();
    }
    ~EngineIoServerTest() override { server->setListener(nullptr); }

    HttpResponse answer(const AsyncHttpHandler& handler, const HttpRequest& request) {
        auto exchange = std::make_shared<RecordingExchange>();
        handler(request, HttpResponder(exchange));
        lastExchange = exchange;
        return exchange->response ? *exchange->response : HttpResponse(0);
    }
    /// Opens a polling session; returns its sid.
    std::string handshake() {
        const HttpResponse open = answer(get, request("GET", {{"EIO", "4"}, {"transport", "polling"}}));
        EXPECT_EQ(open.status, 200);
        const std::string body(open.body());
        EXPECT_EQ(body.front(), '0');
        return nlohmann::json::parse(body.substr(1)).at("sid").get<std::string>();
    }

    ChatContext context;
    RecordingListener listener;
    std::shared_ptr<EngineIoServer> server;
    AsyncHttpHandler get;
    AsyncHttpHandler post;
    std::map<std::string, AsyncHttpHandler> others;  ///< PUT, DELETE, PATCH
    std::shared_ptr<RecordingExchange> lastExchange;
};

TEST_F(EngineIoServerTest, PollingHandshakeOpensASessionWithTheConfiguredHeartbeat) {
    const HttpResponse open = answer(get, request("GET", {{"EIO", "4"}, {"transport", "polling"}}));
    ASSERT_EQ(open.status, 200);
    const auto packet = nlohmann::json::parse(std::string(open.body()).substr(1));
    EXPECT_EQ(packet.at("upgrades"), nlohmann::json::array({"websocket"}));
    EXPECT_EQ(packet.at("pingInterval"), 25000);
    EXPECT_EQ(packet.at("pingTimeout"), 20000);
    EXPECT_EQ(server->sessionCount(), 1u);
}

TEST_F(EngineIoServerTest, RefusesOtherProtocolVersionsAndTransports) {
    EXPECT_EQ(answer(get, request("GET", {{"EIO", "3"}, {"transport", "polling"}})).status, 400);
    EXPECT_EQ(answer(get, request("GET", {{"EIO", "4"}, {"transport", "carrier-pigeon"}})).status, 400);
    EXPECT_EQ(answer(get, request("GET", {{"EIO", "4"}, {"transport", "polling"}, {"sid", "unknown"}})).status, 400);
    EXPECT_EQ(answer(post, request("POST", {{"EIO", "4"}, {"sid", "unknown"}}, {}, "4hello")).status, 400);
    EXPECT_EQ(server->sessionCount(), 0u);
}

TEST_F(EngineIoServerTest, PostedMessagesReachTheListenerAndPingsArePonged) {
    const std::string sid = handshake();
    const HttpResponse posted = answer(post, request("POST", {{"EIO", "4"}, {"sid", sid}}, {}, "40/gaming,\x1e" "4hello"));
    EXPECT_EQ(posted.status, 200);
    EXPECT_THAT(listener.messages, ::testing::ElementsAre(sid + ":0/gaming,", sid + ":hello"));
    answer(post, request("POST", {{"EIO", "4"}, {"sid", sid}}, {}, "2probe"));
    const HttpResponse poll = answer(get, request("GET", {{"EIO", "4"}, {"transport", "polling"}, {"sid", sid}}));
    EXPECT_EQ(std::string(poll.body()), "3probe");
}

TEST_F(EngineIoServerTest, AHeldPollIsAnsweredWhenThereIsSomethingToSend) {
    const std::string sid = handshake();
    auto exchange = std::make_shared<RecordingExchange>();
    get(request("GET", {{"EIO", "4"}, {"transport", "polling"}, {"sid", sid}}), HttpResponder(exchange));
    EXPECT_FALSE(exchange->response);
    {
        std::lock_guard lock(server->mutex());
        server->sendText(*server->findLocked(sid), "4hi");
    }
    ASSERT_TRUE(exchange->response);
    EXPECT_EQ(std::string(exchange->response->body()), "4hi");
}

TEST_F(EngineIoServerTest, AClientCloseEndsTheSessionAndTellsTheListener) {
    const std::string sid = handshake();
    answer(post, request("POST", {{"EIO", "4"}, {"sid", sid}}, {}, "1"));
    EXPECT_THAT(listener.closed, ::testing::ElementsAre(sid));
    EXPECT_EQ(server->sessionCount(), 0u);
}

TEST_F(EngineIoServerTest, MalformedPayloadClosesTheSession) {
    const std::string sid = handshake();
    EXPECT_EQ(answer(post, request("POST", {{"EIO", "4"}, {"sid", sid}}, {}, "9nonsense")).status, 400);
    EXPECT_THAT(listener.closed, ::testing::ElementsAre(sid));
}

TEST_F(EngineIoServerTest, ADirectWebSocketGetsTheOpenPacketWithoutUpgrades) {
    answer(get, request("GET", {{"EIO", "4"}, {"transport", "websocket"}}, {{"Upgrade", "websocket"}}));
    ASSERT_TRUE(lastExchange->webSocket);
    auto socket = std::make_shared<RecordingWebSocket>();
    lastExchange->webSocket->onOpen(socket);
    ASSERT_EQ(socket->texts.size(), 1u);
    const auto open = nlohmann::json::parse(socket->texts[0].substr(1));
    EXPECT_EQ(open.at("upgrades"), nlohmann::json::array());
    lastExchange->webSocket->onMessage("4hello", false);
    ASSERT_EQ(listener.messages.size(), 1u);
    EXPECT_EQ(listener.messages[0], open.at("sid").get<std::string>() + ":hello");
}

TEST_F(EngineIoServerTest, ThePollingHandshakeGivesAnonymousBrowsersAViewerIdOnce) {
    const HttpResponse first = answer(get, request("GET", {{"EIO", "4"}, {"transport", "polling"}}));
    std::string cookie;
    for (const auto& [name, value] : first.headers)
        if (name == "Set-Cookie" && value.rfind("sockstream_viewer=", 0) == 0) cookie = value;
    ASSERT_FALSE(cookie.empty());
    EXPECT_THAT(cookie, ::testing::HasSubstr("HttpOnly"));
    const std::string id = cookie.substr(18, cookie.find(';') - 18);
    // A tab that sends it keeps it and gets no new one.
    const HttpResponse second =
        answer(get, request("GET", {{"EIO", "4"}, {"transport", "polling"}}, {{"Cookie", "sockstream_viewer=" + id}}));
    for (const auto& [name, value] : second.headers) EXPECT_NE(name, "Set-Cookie");
    const std::string sid = nlohmann::json::parse(std::string(second.body()).substr(1)).at("sid").get<std::string>();
    std::lock_guard lock(server->mutex());
    EXPECT_EQ(server->findLocked(sid)->viewerId, id);
}

TEST_F(EngineIoServerTest, AForeignOriginIsAskedOfTheCorePolicyAndLoggedOnce) {
    const auto foreign = [](const HttpRequest& r) { return r.header("Origin") == std::optional<std::string>("http://evil.example"); };
    ON_CALL(context.router, crossSite(_)).WillByDefault(foreign);
    // A direct WebSocket from a foreign page: 403, in words.
    const HttpResponse direct = answer(get, request("GET", {{"EIO", "4"}, {"transport", "websocket"}},
                                                    {{"Upgrade", "websocket"}, {"Origin", "http://evil.example"}}));
    EXPECT_EQ(direct.status, 403);
    EXPECT_FALSE(lastExchange->webSocket);
    EXPECT_THAT(std::string(direct.body()), ::testing::HasSubstr("http://evil.example"));
    // A polling handshake from there opens (so the page can be told why) but
    // anonymous, with its origin noted for the Socket.IO layer.
    const HttpResponse open = answer(get, request("GET", {{"EIO", "4"}, {"transport", "polling"}},
                                                  {{"Origin", "http://evil.example"}, {"Cookie", "sockstream_session=x"}}));
    ASSERT_EQ(open.status, 200);
    const std::string sid = nlohmann::json::parse(std::string(open.body()).substr(1)).at("sid").get<std::string>();
    {
        std::lock_guard lock(server->mutex());
        auto session = server->findLocked(sid);
        ASSERT_TRUE(session->refusedOrigin);
        EXPECT_EQ(*session->refusedOrigin, "http://evil.example");
        EXPECT_FALSE(session->user);
    }
    // An upgrade of a polling session from there: 403 in words, and the session is told.
    const std::string polling = handshake();
    const HttpResponse refused = answer(get, request("GET", {{"EIO", "4"}, {"transport", "websocket"}, {"sid", polling}},
                                                     {{"Upgrade", "websocket"}, {"Origin", "http://evil.example"}}));
    EXPECT_EQ(refused.status, 403);
    EXPECT_THAT(std::string(refused.body()), ::testing::HasSubstr("server.allowedOrigins"));
    EXPECT_THAT(listener.warnings, ::testing::ElementsAre(polling + ":origin_refused"));
}

TEST_F(EngineIoServerTest, OriginRefusalNamesTheOriginAndTheSettings) {
    const std::string words = EngineIoServer::originRefusal("http://10.0.0.5:8080");
    EXPECT_THAT(words, ::testing::HasSubstr("http://10.0.0.5:8080"));
    EXPECT_THAT(words, ::testing::HasSubstr("server.publicUrl"));
    EXPECT_THAT(words, ::testing::HasSubstr("server.allowedOrigins"));
}

// Issue 25, fix 1: engine.io answers other methods 400 with its own code, not the router's 405.
TEST_F(EngineIoServerTest, APutHandshakeIsABadHandshakeMethod) {
    for (const char* method : {"PUT", "DELETE", "PATCH"}) {
        ASSERT_TRUE(others.count(method)) << method;
        const HttpResponse put = answer(others[method], request(method, {{"EIO", "4"}, {"transport", "polling"}}));
        EXPECT_EQ(put.status, 400) << method;
        const auto error = nlohmann::json::parse(std::string(put.body()));
        EXPECT_EQ(error.at("code"), 2);
        EXPECT_EQ(error.at("message"), "Bad handshake method");
    }
    const std::string sid = handshake();
    const HttpResponse withSid = answer(others["PUT"], request("PUT", {{"EIO", "4"}, {"transport", "polling"}, {"sid", sid}}));
    EXPECT_EQ(withSid.status, 400);
    EXPECT_EQ(nlohmann::json::parse(std::string(withSid.body())).at("code"), 3);
    EXPECT_EQ(server->sessionCount(), 1u);
}

// Issue 25, fix 2: the GET held when the client POSTs close gets a noop, as from engine.io.
TEST_F(EngineIoServerTest, AClientCloseAnswersTheHeldPollWithANoop) {
    const std::string sid = handshake();
    auto held = std::make_shared<RecordingExchange>();
    get(request("GET", {{"EIO", "4"}, {"transport", "polling"}, {"sid", sid}}), HttpResponder(held));
    ASSERT_FALSE(held->response);
    EXPECT_EQ(answer(post, request("POST", {{"EIO", "4"}, {"sid", sid}}, {}, "1")).status, 200);
    ASSERT_TRUE(held->response);
    EXPECT_EQ(std::string(held->response->body()), "6");
    EXPECT_THAT(listener.closed, ::testing::ElementsAre(sid));
}

TEST_F(EngineIoServerTest, AServerCloseAnswersTheHeldPollWithAClose) {
    const std::string sid = handshake();
    auto held = std::make_shared<RecordingExchange>();
    get(request("GET", {{"EIO", "4"}, {"transport", "polling"}, {"sid", sid}}), HttpResponder(held));
    {
        std::lock_guard lock(server->mutex());
        server->closeSession(server->findLocked(sid), "test");
    }
    ASSERT_TRUE(held->response);
    EXPECT_EQ(std::string(held->response->body()), "1");
}

// Issue 25, fix 3: a second WebSocket for a session that has one is accepted, then closed.
TEST_F(EngineIoServerTest, ASecondWebSocketOfAnUpgradedSessionIsAcceptedThenClosed) {
    const std::string sid = handshake();
    const auto upgrade = request("GET", {{"EIO", "4"}, {"transport", "websocket"}, {"sid", sid}}, {{"Upgrade", "websocket"}});
    answer(get, upgrade);
    ASSERT_TRUE(lastExchange->webSocket);
    auto first = std::make_shared<RecordingWebSocket>();
    auto firstHandler = lastExchange->webSocket;
    firstHandler->onOpen(first);
    firstHandler->onMessage("2probe", false);
    firstHandler->onMessage("5", false);
    EXPECT_EQ(first->texts, std::vector<std::string>{"3probe"});

    for (int attempt = 0; attempt < 2; ++attempt) {
        answer(get, upgrade);
        EXPECT_FALSE(lastExchange->response) << "no HTTP error: the WebSocket is accepted";
        ASSERT_TRUE(lastExchange->webSocket);
        auto second = std::make_shared<RecordingWebSocket>();
        lastExchange->webSocket->onOpen(second);
        EXPECT_TRUE(second->closed);
        EXPECT_TRUE(second->texts.empty());
    }
    // The session goes on over its first WebSocket.
    EXPECT_FALSE(first->closed);
    firstHandler->onMessage("4still here", false);
    EXPECT_EQ(listener.messages.back(), sid + ":still here");
    EXPECT_EQ(server->sessionCount(), 1u);
}

// Issue 25, fix 4: heartbeats share one timer on the loop, however many sessions there are.
TEST_F(EngineIoServerTest, HeartbeatsOfManySessionsShareOneTimer) {
    for (int i = 0; i < 200; ++i) handshake();
    EXPECT_EQ(server->sessionCount(), 200u);
    EXPECT_EQ(context.manual.pendingTimers(), 1u);
}

TEST(ChatConfigTest, HeartbeatsDownToOneHundredMillisecondsAreAccepted) {
    Poco::JSON::Object json;
    json.set("pingIntervalMs", 300);
    json.set("pingTimeoutMs", 200);
    const ChatConfig config = ChatConfig::fromJson(json);
    EXPECT_EQ(config.pingIntervalMs, 300);
    EXPECT_EQ(config.pingTimeoutMs, 200);
    json.set("pingTimeoutMs", 99);
    try {
        ChatConfig::fromJson(json);
        FAIL() << "a 99 ms ping timeout was accepted";
    } catch (const std::exception& e) {
        EXPECT_THAT(e.what(), ::testing::HasSubstr("pingTimeoutMs must be between 100 and 300000"));
    }
}

}  // namespace
}  // namespace sockstream::chat::test
