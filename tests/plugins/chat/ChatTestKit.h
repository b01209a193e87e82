#pragma once

// Shared by the chat plugin's unit tests: the core mocks with a hand-driven
// scheduler, HTTP exchanges that record their answer, and helpers to read
// what a long-polling session was sent.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>

#include "ChatConfig.h"
#include "ManualScheduler.h"
#include "MockPluginContext.h"
#include "engineio/EngineSession.h"
#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponder.h"

namespace sockstream::chat::test {

/// A MockPluginContext whose scheduler runs posted work at once and timers when advanced.
struct ChatContext : ::testing::NiceMock<mocks::MockPluginContext> {
    ChatContext() {
        ON_CALL(*this, scheduler()).WillByDefault(::testing::ReturnRef(manual));
        settingsValue.publicUrl = "http://localhost:8080";
    }
    sockstream::test::ManualScheduler manual;
};

/// Records the answer to one request.
struct RecordingExchange : HttpResponder::Exchange {
    std::optional<HttpResponse> response;
    std::shared_ptr<WebSocketHandler> webSocket;
    void send(HttpResponse r) override {
        if (!response) response = std::move(r);
    }
    void acceptWebSocket(std::shared_ptr<WebSocketHandler> handler, const WebSocketOptions&) override {
        webSocket = std::move(handler);
    }
    bool clientConnected() const override { return true; }
};

/// A WebSocket that records what is sent on it.
struct RecordingWebSocket : WebSocketConnection {
    std::vector<std::string> texts;
    bool closed = false;
    std::string address = "127.0.0.1";
    void sendText(std::string message) override { texts.push_back(std::move(message)); }
    void sendText(std::shared_ptr<const std::string> message) override { texts.push_back(*message); }
    void sendBinary(std::string) override {}
    void close(std::uint16_t, std::string) override { closed = true; }
    std::size_t queuedBytes() const override { return 0; }
    const std::string& remoteAddress() const override { return address; }
};

inline HttpRequest request(std::string method, std::map<std::string, std::string> query,
                           std::vector<std::pair<std::string, std::string>> headers = {}, std::string body = {}) {
    HttpRequest r;
    r.method = std::move(method);
    r.path = "/socket.io/";
    r.target = "/socket.io/";
    r.query = std::move(query);
    r.headers = std::move(headers);
    r.body = std::move(body);
    r.remoteAddress = "127.0.0.1";
    return r;
}

/// What a polling session holds for its next GET, as text packets.
inline std::vector<std::string> queued(const EngineSession& session) {
    std::vector<std::string> out;
    for (const auto& packet : session.pollQueue)
        if (!packet.binary) out.push_back(packet.data);
    return out;
}

inline std::shared_ptr<EngineSession> pollingSession(std::string sid, std::shared_ptr<const ChatUser> user = nullptr) {
    auto session = std::make_shared<EngineSession>();
    session->sid = std::move(sid);
    session->user = std::move(user);
    session->address = "127.0.0.1";
    return session;
}

}  // namespace sockstream::chat::test
