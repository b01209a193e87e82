#include "httpserver/HttpSession.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <sys/sendfile.h>
#include <sys/socket.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "httpserver/HttpExchange.h"
#include "httpserver/RequestTarget.h"
#include "websocket/WebSocketHandOver.h"
#include "websocket/WebSocketSession.h"

namespace sockstream::core {

namespace http = boost::beast::http;

namespace {

/// An idle keep-alive connection keeps no more read buffer than this.
constexpr std::size_t kIdleBufferBytes = 8192;
/// What an idle connection reads into at least: most requests fit at once.
constexpr std::size_t kIdleReadBytes = 2048;

std::string peerAddress(const boost::asio::ip::tcp::socket& socket) {
    boost::system::error_code error;
    auto endpoint = socket.remote_endpoint(error);
    return error ? std::string() : endpoint.address().to_string();
}

}  // namespace

HttpSession::HttpSession(Socket socket, std::shared_ptr<HttpServerContext> context, PerAddressLimiter::Slot addressSlot)
    : _executor(socket.get_executor()),
      _socket(std::move(socket)),
      _deadlineTimer(_executor),
      _context(std::move(context)),
      _remoteAddress(peerAddress(_socket)),
      _addressSlot(std::move(addressSlot)) {}

HttpSession::~HttpSession() = default;

void HttpSession::start() {
    _context->httpConnections.add(1);
    _context->connections.add(shared_from_this());
    boost::asio::dispatch(_executor, [self = shared_from_this()] { self->readNext(); });
}

void HttpSession::shutdown() {
    boost::asio::post(_executor, [self = shared_from_this()] { self->closeNow(); });
}

// ---- reading -------------------------------------------------------------

void HttpSession::readNext() {
    if (_closed) return;
    _awaitingAnswer = false;
    if (_buffer.size() > 0) return readRequest();
    if (_buffer.capacity() > kIdleBufferBytes) _buffer.shrink_to_fit();
    auto wait = _requestsServed == 0 ? _context->options.requestTimeout : _context->options.idleTimeout;
    // Idle and silent connections crowding the server go sooner, so that
    // clients with requests to make find room.
    if (_context->underPressure()) wait = std::min(wait, _context->options.idleTimeoutUnderPressure);
    setDeadline(Clock::now() + wait);
    // A watch still pending from the last request hands over to readRequest itself.
    if (!_readablePending) readIdle();
}

void HttpSession::readIdle() {
    // A plain read into the small idle buffer rather than a wait for
    // readability: asio re-registers the descriptor with epoll for every
    // wait, while a read is tried at once and parks on the registration it has.
    _readablePending = true;
    std::size_t room = std::max(kIdleReadBytes, _buffer.capacity() - _buffer.size());
    _socket.async_read_some(_buffer.prepare(std::min(room, kIdleBufferBytes)),
                            [self = shared_from_this()](const boost::system::error_code& error, std::size_t bytes) {
                                self->onIdleRead(error, bytes);
                            });
}

void HttpSession::onIdleRead(const boost::system::error_code& error, std::size_t bytes) {
    _readablePending = false;
    if (_closed) return;
    if (error) return closeNow();
    _buffer.commit(bytes);
    readRequest();
}

void HttpSession::waitReadable() {
    // A one-byte peek, tried at once, for the same reason as in readIdle.
    _readablePending = true;
    _socket.async_receive(boost::asio::buffer(&_peekByte, 1), Socket::message_peek,
                          [self = shared_from_this()](const boost::system::error_code& error, std::size_t) {
                              self->onReadable(error);
                          });
}

void HttpSession::onReadable(const boost::system::error_code& error) {
    _readablePending = false;
    if (_closed) return;
    // End of stream or a reset: the peer left, maybe while its request was being answered.
    if (error) return closeNow();
    // Pipelined bytes simply wait in the kernel until this answer is out.
    if (_awaitingAnswer || _writing) return;
    readRequest();
}

void HttpSession::readRequest() {
    setDeadline(Clock::now() + _context->options.requestTimeout);
    _parser.emplace();
    _parser->header_limit(static_cast<std::uint32_t>(_context->options.maxHeaderBytes));
    _parser->body_limit(_context->options.maxBodyBytes);
    http::async_read(_socket, _buffer, *_parser,
                     [self = shared_from_this()](const boost::system::error_code& error, std::size_t) {
                         self->onRequest(error);
                     });
}

void HttpSession::onRequest(const boost::system::error_code& error) {
    if (_closed) return;
    if (error == http::error::header_limit)
        return reject(431, "headers_too_large", "Request headers are larger than the server accepts");
    if (error == http::error::body_limit)
        return reject(413, "body_too_large", "Request body is larger than the server accepts");
    if (error == http::error::end_of_stream || error == boost::asio::error::eof ||
        error == boost::asio::error::operation_aborted || error == boost::asio::error::connection_reset ||
        error == boost::asio::error::bad_descriptor)
        return closeNow();
    if (error) return reject(400, "bad_request", "Malformed HTTP request");

    std::string reason;
    std::shared_ptr<HttpRequest> request = buildRequest(&reason);
    if (!request) return reject(400, "bad_path", reason);

    ++_requestsServed;
    _awaitingAnswer = true;
    setDeadline(Clock::time_point::max());  // a handler may hold a request (long polling)

    auto exchange = std::make_shared<HttpExchange>(shared_from_this(), request);
    try {
        _context->dispatcher.dispatchFresh(std::move(request), HttpResponder(exchange));
    } catch (const std::exception& e) {
        _context->logger.error("dispatch failed: %s", std::string(e.what()));
        exchange->send(HttpResponse::error(500, "internal_error", "Internal server error"));
    }
    // Still unanswered: a handler holds the request (on a worker, or long
    // polling), so watch the socket to notice the peer leaving meanwhile.
    // Most answers are already being written here and need no watch.
    if (_awaitingAnswer && !_writing && !_closed && !_readablePending) waitReadable();
}

std::shared_ptr<HttpRequest> HttpSession::buildRequest(std::string* reason) {
    auto& message = _parser->get();
    auto target = RequestTarget::parse(message.target(), reason);
    if (!target) return nullptr;

    auto request = std::make_shared<HttpRequest>();
    request->method = std::string(message.method_string());
    request->target = std::string(message.target());
    request->path = std::move(target->path);
    request->query = std::move(target->query);
    request->remoteAddress = _remoteAddress;
    request->headers.reserve(16);
    for (const auto& field : message)
        request->headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    request->body = std::move(message.body());
    _keepAlive = message.keep_alive();
    if (boost::beast::websocket::is_upgrade(message)) _upgradeRequest.emplace(std::move(message.base()));
    else _upgradeRequest.reset();
    _parser.reset();
    return request;
}

void HttpSession::reject(int status, const char* code, const std::string& message) {
    _parser.reset();
    _buffer.consume(_buffer.size());
    _awaitingAnswer = true;
    _keepAlive = false;
    RequestFacts facts;
    facts.keepAlive = false;
    write(HttpResponse::error(status, code, message), facts);
}

// ---- answering -----------------------------------------------------------

void HttpSession::answer(std::shared_ptr<const HttpRequest> request, HttpResponse response) {
    if (_closed || !_awaitingAnswer || _writing) return;
    std::optional<std::string> ifNoneMatch = request->header("If-None-Match");
    std::optional<std::string> range = request->header("Range");
    std::optional<std::string> ifRange = request->header("If-Range");
    RequestFacts facts;
    facts.head = request->method == "HEAD";
    facts.keepAlive = _keepAlive && !_context->closing;
    if (ifNoneMatch) facts.ifNoneMatch = *ifNoneMatch;
    if (range) facts.range = *range;
    if (ifRange) facts.ifRange = *ifRange;
    write(std::move(response), facts);
}

void HttpSession::write(HttpResponse response, const RequestFacts& facts) {
    // Keep the response (and so a shared body) alive until the write completes.
    _response = std::move(response);
    _wire = WireResponse::build(_response, facts);
    _keepAlive = _wire.keepAlive;
    _context->statusCounters.count(_wire.status);
    _writing = true;
    setDeadline(Clock::now() + _context->options.requestTimeout);
    if (_wire.bodyFile >= 0) return writeHeadThenFile();
    std::array<boost::asio::const_buffer, 2> buffers{boost::asio::buffer(_wire.head),
                                                     boost::asio::buffer(_wire.body.data(), _wire.body.size())};
    boost::asio::async_write(_socket, buffers,
                             [self = shared_from_this()](const boost::system::error_code& error, std::size_t) {
                                 self->onWritten(error);
                             });
}

void HttpSession::writeHeadThenFile() {
    // Sealed media goes from its memory file to the socket with sendfile: the
    // kernel takes the pages as they are, so a segment asked for by many
    // viewers is not copied once per request. MSG_MORE holds the head back to
    // leave in one packet with the first bytes of the file.
    if (!_socket.native_non_blocking()) {
        boost::system::error_code error;
        _socket.native_non_blocking(true, error);
        if (error) return onWritten(error);
    }
    const std::string& head = _wire.head;
    ssize_t sent;
    do sent = ::send(_socket.native_handle(), head.data(), head.size(), MSG_NOSIGNAL | MSG_MORE);
    while (sent < 0 && errno == EINTR);
    if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
        return onWritten(boost::system::error_code(errno, boost::system::system_category()));
    std::size_t done = sent > 0 ? static_cast<std::size_t>(sent) : 0;
    if (done == head.size()) return sendFileBody();
    boost::asio::async_write(_socket, boost::asio::buffer(head.data() + done, head.size() - done),
                             [self = shared_from_this()](const boost::system::error_code& error, std::size_t) {
                                 if (error || self->_closed) return self->onWritten(error);
                                 self->sendFileBody();
                             });
}

void HttpSession::sendFileBody() {
    while (!_wire.body.empty()) {
        auto offset = static_cast<off_t>(_wire.bodyFileOffset);
        ssize_t sent = ::sendfile(_socket.native_handle(), _wire.bodyFile, &offset, _wire.body.size());
        if (sent > 0) {
            _wire.body.remove_prefix(static_cast<std::size_t>(sent));
            _wire.bodyFileOffset += static_cast<std::uint64_t>(sent);
            // A large file (a recording's download) may take longer than one
            // request timeout: the deadline is for a stalled client, not a slow one.
            setDeadline(Clock::now() + _context->options.requestTimeout);
            continue;
        }
        if (sent < 0 && errno == EINTR) continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            _socket.async_wait(Socket::wait_write, [self = shared_from_this()](const boost::system::error_code& error) {
                if (error || self->_closed) return self->onWritten(error);
                self->sendFileBody();
            });
            return;
        }
        // A sealed file cannot shrink, so an early end is as broken as an error.
        return onWritten(sent == 0 ? boost::asio::error::eof
                                   : boost::system::error_code(errno, boost::system::system_category()));
    }
    onWritten({});
}

void HttpSession::onWritten(const boost::system::error_code& error) {
    _writing = false;
    _response = HttpResponse();
    _wire.body = {};
    _wire.bodyFile = -1;
    if (_closed) return;
    if (error) return closeNow();
    if (!_keepAlive) return lingerClose();
    readNext();
}

void HttpSession::lingerClose() {
    // Closing with unread request bytes would reset the connection and could
    // destroy the answer before the client reads it (a 413 during an upload):
    // send FIN, drain briefly, then close.
    boost::system::error_code ignored;
    _socket.shutdown(Socket::shutdown_send, ignored);
    setDeadline(Clock::now() + std::chrono::seconds(2));
    drain(64 * 1024);
}

void HttpSession::drain(std::size_t budget) {
    if (_closed) return;
    if (budget == 0) return closeNow();
    auto scratch = std::make_shared<std::array<char, 4096>>();
    _socket.async_read_some(boost::asio::buffer(*scratch),
                            [self = shared_from_this(), scratch, budget](const boost::system::error_code& error,
                                                                          std::size_t bytes) {
                                if (error) return self->closeNow();
                                self->drain(bytes >= budget ? 0 : budget - bytes);
                            });
}

// ---- WebSocket -----------------------------------------------------------

void HttpSession::upgrade(std::shared_ptr<WebSocketHandler> handler, WebSocketOptions options) {
    if (_closed || !_awaitingAnswer || _writing) {
        if (handler) handler->onClose();
        return;
    }
    if (!_upgradeRequest || !handler) {
        if (handler) handler->onClose();
        RequestFacts facts;
        facts.keepAlive = false;
        _keepAlive = false;
        return write(HttpResponse::error(400, "not_websocket", "This endpoint expects a WebSocket upgrade"), facts);
    }
    // Hand the socket over: cancel our readability watch first (its handler
    // sees _closed and leaves the socket alone), then leave without closing it.
    boost::system::error_code ignored;
    _socket.cancel(ignored);
    _closed = true;
    _deadline = Clock::time_point::max();
    _deadlineTimer.cancel();
    _context->statusCounters.count(101);
    auto request = std::move(*_upgradeRequest);
    _upgradeRequest.reset();
    // WebSockets are kept on fewer loops than HTTP (server.webSocketThreads):
    // a broadcast then reaches its members without waking another thread.
    startWebSocketOnLoop(_context->runtime.nextWebSocketIo(), _socket, _context, std::move(handler), options,
                         _remoteAddress, std::move(request), std::move(_addressSlot));
    finish();
}

// ---- deadline ------------------------------------------------------------

void HttpSession::setDeadline(Clock::time_point at) {
    // The timer is only moved earlier; a later deadline is picked up when it fires.
    _deadline = at;
    if (at == Clock::time_point::max()) return;
    if (!_deadlineWaiting) {
        _deadlineTimer.expires_at(at);
        waitDeadline();
    } else if (at < _deadlineTimer.expiry()) {
        _deadlineTimer.expires_at(at);
    }
}

void HttpSession::waitDeadline() {
    _deadlineWaiting = true;
    _deadlineTimer.async_wait(
        [self = shared_from_this()](const boost::system::error_code& error) { self->onDeadline(error); });
}

void HttpSession::onDeadline(const boost::system::error_code&) {
    _deadlineWaiting = false;
    if (_closed || _deadline == Clock::time_point::max()) return;
    if (Clock::now() >= _deadline) return closeNow();
    _deadlineTimer.expires_at(_deadline);
    waitDeadline();
}

// ---- closing -------------------------------------------------------------

void HttpSession::closeNow() {
    if (_closed) return;
    _closed = true;
    boost::system::error_code ignored;
    _socket.shutdown(Socket::shutdown_both, ignored);
    _socket.close(ignored);
    _deadlineTimer.cancel();
    finish();
}

void HttpSession::finish() {
    if (_finished) return;
    _finished = true;
    _open.store(false, std::memory_order_release);
    _addressSlot.release();  // empty after an upgrade: the WebSocket holds it then
    _context->httpConnections.add(-1);
    _context->connections.remove(this);
}

}  // namespace sockstream::core
