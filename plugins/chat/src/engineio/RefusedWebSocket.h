#pragma once

#include <cstdint>
#include <string>

#include "sockstream/http/WebSocket.h"

namespace sockstream::chat {

/// A WebSocket the protocol accepts only to close at once: engine.io does so
/// with a second WebSocket for a session that already has one (upgraded, or
/// upgrading), rather than refusing its HTTP handshake.
class RefusedWebSocket : public WebSocketHandler {
public:
    RefusedWebSocket(std::uint16_t code, std::string reason) : _code(code), _reason(std::move(reason)) {}

    void onOpen(std::shared_ptr<WebSocketConnection> connection) override { connection->close(_code, _reason); }
    void onMessage(std::string_view, bool) override {}
    void onClose() override {}

private:
    std::uint16_t _code;
    std::string _reason;
};

}  // namespace sockstream::chat
