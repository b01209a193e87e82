#pragma once

#include <memory>

#include "engineio/EngineSession.h"
#include "sockstream/http/WebSocket.h"

namespace sockstream::chat {

class EngineIoServer;

/// The core's WebSocket callbacks for one Engine.IO session: either the
/// session's transport from the start, or an upgrade probe until "5" arrives.
class EngineWebSocket : public WebSocketHandler {
public:
    EngineWebSocket(std::weak_ptr<EngineIoServer> server, std::weak_ptr<EngineSession> session, bool probing)
        : _server(std::move(server)), _session(std::move(session)), _probing(probing) {}

    void onOpen(std::shared_ptr<WebSocketConnection> connection) override;
    void onMessage(std::string_view message, bool binary) override;
    void onClose() override;

private:
    std::weak_ptr<EngineIoServer> _server;
    std::weak_ptr<EngineSession> _session;
    std::shared_ptr<WebSocketConnection> _connection;
    bool _probing;
};

}  // namespace sockstream::chat
