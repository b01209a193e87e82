#pragma once

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "httpserver/HttpServerContext.h"
#include "websocket/WebSocketSession.h"

namespace sockstream::core {

/// Starts an upgraded connection's WebSocket session on `loop`, the I/O loop
/// WebSockets live on (server.webSocketThreads): at once when the socket
/// already runs there, otherwise after moving the descriptor (its socket
/// options go with it). Either way the socket given is left empty. While the
/// descriptor moves, the move counts among the
/// server's connections: closing the server waits for it, and the handler
/// hears onClose if the server closed meanwhile.
void startWebSocketOnLoop(boost::asio::io_context& loop, WebSocketSession::Socket& socket,
                          std::shared_ptr<HttpServerContext> context, std::shared_ptr<WebSocketHandler> handler,
                          WebSocketOptions options, std::string remoteAddress,
                          WebSocketSession::UpgradeRequest request, PerAddressLimiter::Slot addressSlot);

}  // namespace sockstream::core
