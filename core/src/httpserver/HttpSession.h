#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "connections/Closable.h"
#include "connections/PerAddressLimiter.h"
#include "httpserver/HttpServerContext.h"
#include "httpserver/WireResponse.h"
#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponse.h"
#include "sockstream/http/WebSocket.h"

namespace sockstream::core {

/// One HTTP/1.1 connection on its I/O thread's loop (a one-thread io_context,
/// so an implicit strand): reads a request (with limits and a
/// deadline), hands it to the dispatcher, writes the answer, and waits for the
/// next one. While idle it holds at most a small read buffer.
/// While a handler works on a request it watches the socket so that
/// clientConnected() turns false when the peer leaves.
class HttpSession : public Closable, public std::enable_shared_from_this<HttpSession> {
public:
    using Socket = boost::asio::ip::tcp::socket;

    HttpSession(Socket socket, std::shared_ptr<HttpServerContext> context, PerAddressLimiter::Slot addressSlot = {});
    ~HttpSession() override;

    void start();
    void shutdown() override;

    /// For the exchange: both run on the strand (they post or dispatch there).
    void answer(std::shared_ptr<const HttpRequest> request, HttpResponse response);
    void upgrade(std::shared_ptr<WebSocketHandler> handler, WebSocketOptions options);
    bool isOpen() const { return _open.load(std::memory_order_acquire); }
    Socket::executor_type executor() { return _executor; }

private:
    using Clock = std::chrono::steady_clock;

    void readNext();
    void readIdle();
    void onIdleRead(const boost::system::error_code& error, std::size_t bytes);
    void waitReadable();
    void onReadable(const boost::system::error_code& error);
    void readRequest();
    void onRequest(const boost::system::error_code& error);
    std::shared_ptr<HttpRequest> buildRequest(std::string* reason);
    void reject(int status, const char* code, const std::string& message);
    void write(HttpResponse response, const RequestFacts& facts);
    void writeHeadThenFile();
    void sendFileBody();
    void onWritten(const boost::system::error_code& error);
    void lingerClose();
    void drain(std::size_t budget);

    void setDeadline(Clock::time_point at);
    void waitDeadline();
    void onDeadline(const boost::system::error_code& error);
    void closeNow();
    void finish();

    Socket::executor_type _executor;
    Socket _socket;
    boost::asio::steady_timer _deadlineTimer;
    std::shared_ptr<HttpServerContext> _context;
    std::string _remoteAddress;
    PerAddressLimiter::Slot _addressSlot;  ///< handed to the WebSocket on upgrade
    boost::beast::flat_buffer _buffer;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> _parser;
    std::optional<boost::beast::http::request<boost::beast::http::empty_body>> _upgradeRequest;
    HttpResponse _response;
    WireResponse _wire;

    Clock::time_point _deadline = Clock::time_point::max();
    bool _deadlineWaiting = false;
    bool _readablePending = false;  ///< an idle read or a peek is outstanding
    char _peekByte = 0;
    bool _awaitingAnswer = false;
    bool _writing = false;
    bool _keepAlive = true;
    bool _closed = false;
    bool _finished = false;
    std::size_t _requestsServed = 0;
    std::atomic<bool> _open{true};
};

}  // namespace sockstream::core
