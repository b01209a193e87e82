#pragma once

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "net/HttpServerContext.h"
#include "net/WebSocketSession.h"

namespace sockstream::core {

/// Moves an upgraded connection's socket to the I/O loop WebSockets live on
/// (server.webSocketThreads) and starts its WebSocket session there. The
/// descriptor moves with its socket options; the socket given is left
/// released. Until the session has started, the move counts among the
/// server's connections: closing the server waits for it, and the handler
/// hears onClose if the server closed meanwhile.
void startWebSocketOnLoop(boost::asio::io_context& loop, WebSocketSession::Socket& socket,
                          std::shared_ptr<HttpServerContext> context, std::shared_ptr<WebSocketHandler> handler,
                          WebSocketOptions options, std::string remoteAddress,
                          WebSocketSession::UpgradeRequest request);

}  // namespace sockstream::core
