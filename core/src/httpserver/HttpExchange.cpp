#include "httpserver/HttpExchange.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include "httpserver/HttpSession.h"

namespace sockstream::core {

HttpExchange::HttpExchange(std::shared_ptr<HttpSession> session, std::shared_ptr<const HttpRequest> request)
    : _session(std::move(session)), _request(std::move(request)) {}

HttpExchange::~HttpExchange() {
    if (_answered.exchange(true)) return;
    // Posted, not dispatched: this destructor may run deep inside a handler's stack.
    boost::asio::post(_session->executor(), [session = _session, request = _request] {
        session->answer(request, HttpResponse::error(500, "no_response", "The handler gave no response"));
    });
}

void HttpExchange::send(HttpResponse response) {
    if (_answered.exchange(true)) return;
    boost::asio::dispatch(_session->executor(),
                          [session = _session, request = _request, response = std::move(response)]() mutable {
                              session->answer(request, std::move(response));
                          });
}

void HttpExchange::acceptWebSocket(std::shared_ptr<WebSocketHandler> handler, const WebSocketOptions& options) {
    if (_answered.exchange(true)) return;
    boost::asio::dispatch(_session->executor(), [session = _session, handler = std::move(handler), options] {
        session->upgrade(handler, options);
    });
}

bool HttpExchange::clientConnected() const { return _session->isOpen(); }

}  // namespace sockstream::core
