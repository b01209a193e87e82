#include <gtest/gtest.h>

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
                (method == "GET" ? get : post) = std::move(handler);
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

}  // namespace
}  // namespace sockstream::chat::test
