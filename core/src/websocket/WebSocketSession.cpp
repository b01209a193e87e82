#include "websocket/WebSocketSession.h"

#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/error.hpp>

#include "sockstream/Version.h"

namespace sockstream::core {

namespace websocket = boost::beast::websocket;

WebSocketSession::WebSocketSession(Socket socket, std::shared_ptr<HttpServerContext> context,
                                   std::shared_ptr<WebSocketHandler> handler, WebSocketOptions options,
                                   std::string remoteAddress, PerAddressLimiter::Slot addressSlot)
    : _stream(std::move(socket)),
      _context(std::move(context)),
      _handler(std::move(handler)),
      _options(options),
      _remoteAddress(std::move(remoteAddress)),
      _addressSlot(std::move(addressSlot)),
      _loop(&boost::asio::query(_stream.get_executor(), boost::asio::execution::context)) {}

WebSocketSession::~WebSocketSession() = default;

void WebSocketSession::start(UpgradeRequest request) {
    _context->webSocketConnections.add(1);
    _context->connections.add(shared_from_this());
    _stream.next_layer().bind(weak_from_this(), [this](std::size_t dataBytes, const boost::system::error_code& error) {
        onSent(dataBytes, error);
    });
    _stream.read_message_max(_options.maxMessageBytes);
    _stream.auto_fragment(false);
    // Pings after idle time find peers that vanished without a FIN.
    websocket::stream_base::timeout timeouts = websocket::stream_base::timeout::suggested(boost::beast::role_type::server);
    timeouts.idle_timeout = std::chrono::seconds(120);
    timeouts.keep_alive_pings = true;
    _stream.set_option(timeouts);
    _stream.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
        response.set(boost::beast::http::field::server, "SockStream/" SOCKSTREAM_VERSION_STRING);
    }));
    auto shared = std::make_shared<UpgradeRequest>(std::move(request));
    _stream.async_accept(*shared, [self = shared_from_this(), shared](const boost::system::error_code& error) {
        self->onAccepted(error);
    });
}

template <class Callback>
void WebSocketSession::callHandler(Callback&& callback) {
    if (!_handler) return;
    try {
        callback(*_handler);
    } catch (const std::exception& e) {
        _context->logger.error("WebSocket handler failed: %s", std::string(e.what()));
        abort();
    } catch (...) {
        _context->logger.error("WebSocket handler failed with an unknown exception");
        abort();
    }
}

void WebSocketSession::onAccepted(const boost::system::error_code& error) {
    if (error) return finish();
    _opened = true;
    callHandler([this](WebSocketHandler& handler) { handler.onOpen(shared_from_this()); });
    if (!_finished) readNext();
}

void WebSocketSession::readNext() {
    _stream.async_read(_readBuffer, [self = shared_from_this()](const boost::system::error_code& error, std::size_t) {
        self->onRead(error);
    });
}

void WebSocketSession::onRead(const boost::system::error_code& error) {
    if (error) return finish();  // closed by either side, too big (1009 sent by Beast), or dropped
    auto data = _readBuffer.cdata();
    std::string_view message(static_cast<const char*>(data.data()), data.size());
    bool binary = _stream.got_binary();
    callHandler([&](WebSocketHandler& handler) { handler.onMessage(message, binary); });
    // Give the memory back: most connections are idle most of the time.
    _readBuffer.consume(_readBuffer.size());
    _readBuffer.shrink_to_fit();
    if (!_finished) readNext();
}

void WebSocketSession::sendText(std::string message) {
    enqueue(std::make_shared<const std::string>(std::move(message)), false);
}

void WebSocketSession::sendText(std::shared_ptr<const std::string> message) {
    if (message) enqueue(std::move(message), false);
}

void WebSocketSession::sendBinary(std::string message) {
    enqueue(std::make_shared<const std::string>(std::move(message)), true);
}

void WebSocketSession::enqueue(std::shared_ptr<const std::string> message, bool binary) {
    if (!admit(message->size())) return;
    boost::asio::post(_stream.get_executor(), [self = shared_from_this(), message = std::move(message), binary]() mutable {
        self->pushAdmitted(message, binary);
    });
}

bool WebSocketSession::admit(std::size_t size) {
    if (_closing.load(std::memory_order_acquire)) return false;
    std::size_t queued = _queuedBytes.fetch_add(size, std::memory_order_acq_rel) + size;
    if (queued <= _options.maxQueuedBytes) return true;
    _queuedBytes.fetch_sub(size, std::memory_order_acq_rel);
    // Only the first to see the overflow reports it and drops the connection.
    if (_closing.exchange(true, std::memory_order_acq_rel)) return false;
    _context->logger.warning("WebSocket peer %s reads too slowly (%z bytes queued); disconnecting", _remoteAddress,
                             queued - size);
    boost::asio::post(_stream.get_executor(), [self = shared_from_this()] { self->abort(); });
    return false;
}

bool WebSocketSession::mayStillSend(std::size_t admittedBytes) {
    // Nothing may follow our close frame: what admit() counted is given back.
    if (!_finished && !_closeSent) return true;
    _queuedBytes.fetch_sub(admittedBytes, std::memory_order_acq_rel);
    return false;
}

void WebSocketSession::pushAdmitted(const std::shared_ptr<const std::string>& message, bool binary) {
    if (mayStillSend(message->size()))
        _stream.next_layer().pushFrame(binary ? WebSocketFrameHeader::binaryOpcode : WebSocketFrameHeader::textOpcode,
                                       message);
}

void WebSocketSession::pushFrameIfAdmitted(const std::shared_ptr<const std::string>& frame, std::size_t payloadBytes) {
    if (admit(payloadBytes) && mayStillSend(payloadBytes)) _stream.next_layer().pushFramed(frame, payloadBytes);
}

void WebSocketSession::onSent(std::size_t dataBytes, const boost::system::error_code& error) {
    _queuedBytes.fetch_sub(dataBytes, std::memory_order_acq_rel);
    if (error && !_finished) abort();
}

void WebSocketSession::close(std::uint16_t code, std::string reason) {
    boost::asio::post(_stream.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
        if (self->_finished || self->_closeSent) return;
        self->_closing.store(true, std::memory_order_release);
        if (!self->_opened) return self->abort();
        // The close frame queues behind the data frames already queued.
        self->_closeSent = true;
        self->_stream.async_close(websocket::close_reason(static_cast<websocket::close_code>(code), reason),
                                  [self](const boost::system::error_code& error) {
                                      // The read loop ends once the peer answers the close.
                                      if (error) self->abort();
                                  });
    });
}

void WebSocketSession::shutdown() {
    // The server is going away: no waiting for a close handshake a peer may never answer.
    boost::asio::post(_stream.get_executor(), [self = shared_from_this()] { self->abort(); });
}

void WebSocketSession::abort() {
    _closing.store(true, std::memory_order_release);
    boost::system::error_code ignored;
    auto& socket = boost::beast::get_lowest_layer(_stream);
    socket.shutdown(Socket::shutdown_both, ignored);
    socket.close(ignored);  // pending operations end with an error; onRead then finishes
    if (!_opened) finish();
}

void WebSocketSession::finish() {
    if (_finished) return;
    _finished = true;
    _closing.store(true, std::memory_order_release);
    boost::system::error_code ignored;
    boost::beast::get_lowest_layer(_stream).close(ignored);
    auto handler = std::move(_handler);
    if (handler) {
        try {
            handler->onClose();
        } catch (const std::exception& e) {
            _context->logger.error("WebSocket onClose failed: %s", std::string(e.what()));
        } catch (...) {
        }
    }
    _addressSlot.release();
    _context->webSocketConnections.add(-1);
    _context->connections.remove(this);
}

}  // namespace sockstream::core
