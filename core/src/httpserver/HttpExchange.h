#pragma once

#include <atomic>
#include <memory>

#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponder.h"

namespace sockstream::core {

class HttpSession;

/// The right to answer one request, from any thread, once: the first send()
/// or acceptWebSocket() wins, later calls are ignored, and an exchange dropped
/// unanswered answers 500.
class HttpExchange : public HttpResponder::Exchange {
public:
    HttpExchange(std::shared_ptr<HttpSession> session, std::shared_ptr<const HttpRequest> request);
    ~HttpExchange() override;

    void send(HttpResponse response) override;
    void acceptWebSocket(std::shared_ptr<WebSocketHandler> handler, const WebSocketOptions& options) override;
    bool clientConnected() const override;

private:
    std::shared_ptr<HttpSession> _session;
    std::shared_ptr<const HttpRequest> _request;
    std::atomic<bool> _answered{false};
};

}  // namespace sockstream::core
