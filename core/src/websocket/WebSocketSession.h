#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "connections/Closable.h"
#include "connections/PerAddressLimiter.h"
#include "httpserver/HttpServerContext.h"
#include "sockstream/http/WebSocket.h"
#include "websocket/CoalescingSocket.h"

namespace sockstream::core {

/// One accepted WebSocket (Beast) on its I/O thread's loop. Handler callbacks run on
/// that thread, so they never overlap; onClose runs exactly once. Idle, it holds no
/// read buffer of its own (released after each message) and no thread. Sends
/// from any thread are queued; a queue beyond maxQueuedBytes means the peer
/// reads too slowly, and the connection is dropped rather than memory grown.
/// Data frames are framed here and queued in the CoalescingSocket under Beast,
/// which writes whatever has queued up in one system call.
class WebSocketSession : public WebSocketConnection,
                         public Closable,
                         public std::enable_shared_from_this<WebSocketSession> {
public:
    using Socket = boost::asio::ip::tcp::socket;
    using UpgradeRequest = boost::beast::http::request<boost::beast::http::empty_body>;

    WebSocketSession(Socket socket, std::shared_ptr<HttpServerContext> context,
                     std::shared_ptr<WebSocketHandler> handler, WebSocketOptions options, std::string remoteAddress,
                     PerAddressLimiter::Slot addressSlot = {});
    ~WebSocketSession() override;

    void start(UpgradeRequest request);

    void sendText(std::string message) override;
    void sendText(std::shared_ptr<const std::string> message) override;
    void sendBinary(std::string message) override;
    void close(std::uint16_t code, std::string reason) override;
    std::size_t queuedBytes() const override { return _queuedBytes.load(std::memory_order_relaxed); }
    const std::string& remoteAddress() const override { return _remoteAddress; }
    void shutdown() override;

    /// On the connection's thread only: queues frames built once for many
    /// connections (headers included) around payloads of payloadBytes in all,
    /// if admit() lets that many in. A broadcast (WebSocketAudience) thus
    /// touches each connection on its own thread alone.
    void pushFrameIfAdmitted(const std::shared_ptr<const std::string>& frame, std::size_t payloadBytes);
    Socket::executor_type executor() { return _stream.get_executor(); }
    /// Starts loading what a send reads of this connection, then of its
    /// socket: a broadcast calls the first for every member, then the second,
    /// then sends, so the members' cache misses overlap instead of adding up.
    void prefetchForSend() const {
        __builtin_prefetch(&_stream);
        __builtin_prefetch(&_options);
        __builtin_prefetch(&_queuedBytes);
        __builtin_prefetch(&_finished);
    }
    void prefetchSocketForSend() const { _stream.next_layer().prefetchForPush(); }
    /// Which I/O thread's loop the connection runs on: equal for connections
    /// that share a loop. Cheaper to compare than executors (type-erased).
    const void* loop() const { return _loop; }

private:
    void onAccepted(const boost::system::error_code& error);
    void readNext();
    void onRead(const boost::system::error_code& error);
    void enqueue(std::shared_ptr<const std::string> message, bool binary);
    /// Any thread: counts the bytes against the queue limit; false when the
    /// frame must not be queued (the connection closes, or reads too slowly
    /// and is being dropped).
    bool admit(std::size_t bytes);
    /// On the connection's thread only: queues a frame admit() has counted.
    void pushAdmitted(const std::shared_ptr<const std::string>& message, bool binary);
    /// False, with the admitted bytes given back, once our close frame is queued.
    bool mayStillSend(std::size_t admittedBytes);
    void onSent(std::size_t dataBytes, const boost::system::error_code& error);
    void abort();
    void finish();
    template <class Callback>
    void callHandler(Callback&& callback);

    boost::beast::websocket::stream<CoalescingSocket> _stream;
    std::shared_ptr<HttpServerContext> _context;
    std::shared_ptr<WebSocketHandler> _handler;
    WebSocketOptions _options;
    std::string _remoteAddress;
    PerAddressLimiter::Slot _addressSlot;  ///< the upgraded HTTP connection's place, until finish()
    const void* _loop;
    boost::beast::flat_buffer _readBuffer;
    std::atomic<std::size_t> _queuedBytes{0};
    std::atomic<bool> _closing{false};
    bool _opened = false;
    bool _closeSent = false;
    bool _finished = false;
};

}  // namespace sockstream::core
