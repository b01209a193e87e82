#include "cluster/HttpForwarder.h"

#include <array>
#include <chrono>
#include <memory>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "runtime/IoRuntime.h"
#include "sockstream/http/HttpResponse.h"

namespace sockstream::core {

namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

constexpr auto kUpstreamTimeout = std::chrono::seconds(30);
constexpr std::size_t kMaxUpstreamBody = 64 * 1024 * 1024;
constexpr std::array<const char*, 6> kRequestHeadersToPass = {
    "Range", "If-None-Match", "If-Modified-Since", "Origin", "Accept", "User-Agent"};
constexpr std::array<const char*, 8> kResponseHeadersToDrop = {
    "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Date", "Server", "Upgrade", "Content-Type"};

bool isDropped(std::string_view name) {
    for (const char* dropped : kResponseHeadersToDrop)
        if (beast::iequals(name, dropped)) return true;
    return false;
}

/// One relayed request: resolve, connect, write, read, answer. Holds itself alive through its handlers.
class ForwardCall : public std::enable_shared_from_this<ForwardCall> {
public:
    ForwardCall(boost::asio::io_context& io, HttpResponder responder, Poco::Logger& logger, std::string serverName)
        : _resolver(io), _stream(io), _responder(std::move(responder)), _logger(logger),
          _serverName(std::move(serverName)) {}

    void start(const std::string& host, const std::string& port, http::request<http::empty_body> request) {
        _request = std::move(request);
        _parser.body_limit(kMaxUpstreamBody);
        _resolver.async_resolve(host, port, [self = shared_from_this()](beast::error_code error, tcp::resolver::results_type results) {
            self->onResolved(error, results);
        });
    }

private:
    void onResolved(beast::error_code error, const tcp::resolver::results_type& results) {
        if (error) return fail("resolve", error);
        _stream.expires_after(kUpstreamTimeout);
        _stream.async_connect(results, [self = shared_from_this()](beast::error_code error, const tcp::endpoint&) {
            if (error) return self->fail("connect", error);
            http::async_write(self->_stream, self->_request, [self](beast::error_code error, std::size_t) {
                if (error) return self->fail("write", error);
                http::async_read(self->_stream, self->_buffer, self->_parser, [self](beast::error_code error, std::size_t) {
                    self->onResponse(error);
                });
            });
        });
    }

    void onResponse(beast::error_code error) {
        if (error) return fail("read", error);
        auto& upstream = _parser.get();
        HttpResponse response(static_cast<int>(upstream.result_int()));
        std::string contentType = "application/octet-stream";
        for (const auto& field : upstream) {
            if (beast::iequals(field.name_string(), "Content-Type")) contentType = std::string(field.value());
            if (isDropped(field.name_string())) continue;
            response.addHeader(field.name_string(), std::string(field.value()));
        }
        response.setBody(std::move(upstream.body()), std::move(contentType));
        _responder.send(std::move(response));
        beast::error_code ignored;
        _stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }

    void fail(const char* step, beast::error_code error) {
        _logger.warning("cluster: forwarding to %s failed at %s: %s", _serverName, std::string(step), error.message());
        HttpResponse response = HttpResponse::error(502, "upstream_unavailable",
                                                    "The server carrying this broadcast cannot be reached right now.");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Retry-After", "1");
        _responder.send(std::move(response));
    }

    tcp::resolver _resolver;
    beast::tcp_stream _stream;
    beast::flat_buffer _buffer;
    http::request<http::empty_body> _request;
    http::response_parser<http::string_body> _parser;
    HttpResponder _responder;
    Poco::Logger& _logger;
    std::string _serverName;
};

}  // namespace

bool splitHttpBaseUrl(const std::string& baseUrl, std::string& host, std::string& port) {
    constexpr std::string_view kScheme = "http://";
    if (baseUrl.rfind(kScheme, 0) != 0) return false;
    std::string_view authority(baseUrl);
    authority.remove_prefix(kScheme.size());
    authority = authority.substr(0, authority.find('/'));
    if (authority.empty()) return false;
    if (authority.front() == '[') {
        auto close = authority.find(']');
        if (close == std::string_view::npos) return false;
        host = std::string(authority.substr(1, close - 1));
        auto rest = authority.substr(close + 1);
        port = rest.empty() ? "80" : (rest.front() == ':' ? std::string(rest.substr(1)) : std::string());
    } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        host = std::string(authority.substr(0, colon));
        port = std::string(authority.substr(colon + 1));
    } else {
        host = std::string(authority);
        port = "80";
    }
    if (host.empty() || port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
        return false;
    const int number = std::stoi(port);
    return number >= 1 && number <= 65535;
}

void HttpForwarder::forward(const HttpRequest& request, const RemoteBroadcast& where, HttpResponder responder) {
    if (request.header(kForwardedHeader)) {
        // The other server sent this here because its registry named us, but the
        // broadcast is not here (any more): answering beats bouncing it back.
        HttpResponse response = HttpResponse::error(404, "offline", "This room is not live.");
        response.setHeader("Cache-Control", "no-store");
        responder.send(std::move(response));
        return;
    }
    std::string host;
    std::string port;
    if (!splitHttpBaseUrl(where.baseUrl, host, port)) {
        _logger.error("cluster: server \"%s\" announced an unusable address \"%s\"", where.serverId, where.baseUrl);
        responder.send(HttpResponse::error(502, "upstream_unavailable", "The server carrying this broadcast cannot be reached right now."));
        return;
    }
    http::request<http::empty_body> upstream{http::verb::get, request.target, 11};
    upstream.set(http::field::host, host + ":" + port);
    upstream.set(http::field::connection, "close");
    upstream.set(kForwardedHeader, _serverId);
    upstream.set("X-Forwarded-For", request.remoteAddress);
    for (const char* name : kRequestHeadersToPass)
        if (auto value = request.header(name)) upstream.set(name, *value);
    auto call = std::make_shared<ForwardCall>(_runtime.nextConnectionIo(), std::move(responder), _logger, where.serverId);
    call->start(host, port, std::move(upstream));
}

}  // namespace sockstream::core
