#include "engineio/EngineWebSocket.h"

#include "engineio/EngineIoServer.h"

namespace sockstream::chat {

void EngineWebSocket::onOpen(std::shared_ptr<WebSocketConnection> connection) {
    _connection = connection;
    auto server = _server.lock();
    auto session = _session.lock();
    if (!server || !session) {
        connection->close(1001, "session gone");
        return;
    }
    if (!_probing) server->onWebSocketOpen(session, std::move(connection));
}

void EngineWebSocket::onMessage(std::string_view message, bool binary) {
    auto server = _server.lock();
    auto session = _session.lock();
    if (!server || !session) {
        if (_connection) _connection->close(1001, "session gone");
        return;
    }
    if (_probing) {
        bool upgraded = false;
        server->onProbeMessage(session, _connection, message, upgraded);
        if (upgraded) _probing = false;
        return;
    }
    server->onWebSocketMessage(session, message, binary);
}

void EngineWebSocket::onClose() {
    if (auto server = _server.lock()) server->onWebSocketClosed(_session, _connection.get());
    _connection.reset();
}

}  // namespace sockstream::chat
