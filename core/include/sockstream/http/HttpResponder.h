#pragma once

#include <memory>

#include "sockstream/http/HttpResponse.h"
#include "sockstream/http/WebSocket.h"

namespace sockstream {

/// The right to answer one request, possibly later and from any thread
/// (long polling, blocking playlist reload). Copies share one exchange; the
/// first send() wins. A responder dropped without an answer yields 500.
class HttpResponder {
public:
    class Exchange {
    public:
        virtual ~Exchange() = default;
        virtual void send(HttpResponse response) = 0;
        virtual void acceptWebSocket(std::shared_ptr<WebSocketHandler> handler,
                                     const WebSocketOptions& options) = 0;
        /// False once the client has gone away: a held request can be dropped.
        virtual bool clientConnected() const = 0;
    };

    explicit HttpResponder(std::shared_ptr<Exchange> exchange) : _exchange(std::move(exchange)) {}

    void send(HttpResponse response) const { _exchange->send(std::move(response)); }
    /// Completes a WebSocket upgrade request; the handler then owns the connection.
    void acceptWebSocket(std::shared_ptr<WebSocketHandler> handler,
                         const WebSocketOptions& options = {}) const {
        _exchange->acceptWebSocket(std::move(handler), options);
    }
    bool clientConnected() const { return _exchange->clientConnected(); }

private:
    std::shared_ptr<Exchange> _exchange;
};

}  // namespace sockstream
