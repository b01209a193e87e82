#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>

#include "websocket/WebSocketFrameHeader.h"

namespace sockstream::core {

/// The layer under Beast's websocket::stream: every byte written to the peer,
/// whether a data frame we framed ourselves or a frame Beast wrote (handshake,
/// close, ping, pong), goes through one ordered queue, and whatever has queued
/// up goes out in one gathered write. One send() per delivery was most of the
/// server's CPU; under load this sends many frames per system call. Beast's
/// writes complete at once (their bytes are copied into the queue), so Beast
/// never waits on the peer while our frames are queued ahead of its own.
/// Writes are non-blocking sendmsg/send calls made right away, not Asio write
/// operations: a frame that fits the kernel's buffer leaves during pushFrame
/// with no allocation, no queued handler and no copy of the payload pointer;
/// only what the kernel would not take waits for the socket to become
/// writable. Runs on the session's strand only.
class CoalescingSocket {
public:
    using Socket = boost::asio::ip::tcp::socket;
    using executor_type = Socket::executor_type;
    using next_layer_type = Socket;
    using lowest_layer_type = Socket;
    /// Told how many payload bytes of queued data frames left (or were dropped).
    using SentListener = std::function<void(std::size_t dataBytes, const boost::system::error_code& error)>;

    /// Two iovecs a frame; well under IOV_MAX.
    static constexpr std::size_t maxFramesPerWrite = 64;
    static constexpr std::size_t maxBytesPerWrite = 256 * 1024;

    explicit CoalescingSocket(Socket socket) : _socket(std::move(socket)) {}

    executor_type get_executor() noexcept { return _socket.get_executor(); }
    Socket& next_layer() noexcept { return _socket; }
    const Socket& next_layer() const noexcept { return _socket; }
    Socket& lowest_layer() noexcept { return _socket; }
    const Socket& lowest_layer() const noexcept { return _socket; }

    /// Keeps the owner alive while a write is in flight; listener hears of sent data.
    void bind(std::weak_ptr<void> owner, SentListener listener);

    /// Sends, or queues, one whole data frame around a payload others may
    /// share; the payload is only referenced (not copied) while it waits.
    void pushFrame(std::uint8_t opcode, const std::shared_ptr<const std::string>& payload);
    /// The same for bytes framed once for many connections: one or more whole
    /// frames, headers included; dataBytes is their payloads' size, as the
    /// listener counts it.
    void pushFramed(const std::shared_ptr<const std::string>& frame, std::size_t dataBytes);
    /// Frames (of any kind) waiting for the socket; for tests.
    std::size_t queuedFrames() const { return _frames.size() - _head; }
    /// Starts loading what push() reads (see WebSocketSession::prefetchForSend).
    void prefetchForPush() const {
        __builtin_prefetch(this);
        __builtin_prefetch(&_listener);
        __builtin_prefetch(&_error);
    }

    /// Runs action once everything queued has been written (or the socket failed).
    void whenFlushed(std::function<void()> action);

    template <class Buffers, class Handler>
    void async_read_some(const Buffers& buffers, Handler&& handler) {
        _socket.async_read_some(buffers, std::forward<Handler>(handler));
    }

    template <class Buffers, class Handler>
    void async_write_some(const Buffers& buffers, Handler&& handler) {
        std::size_t size = boost::asio::buffer_size(buffers);
        boost::system::error_code error = _error;
        if (!error) {
            auto copy = std::make_shared<std::string>(size, '\0');
            boost::asio::buffer_copy(boost::asio::buffer(copy->data(), size), buffers);
            pushRaw(std::move(copy));
        }
        auto executor = boost::asio::get_associated_executor(handler, _socket.get_executor());
        boost::asio::post(executor, [h = std::decay_t<Handler>(std::forward<Handler>(handler)), error, size]() mutable {
            h(error, error ? 0 : size);
        });
    }

private:
    struct Frame {
        WebSocketFrameHeader header;  ///< empty when payload holds the whole frame
        std::shared_ptr<const std::string> payload;
        std::size_t dataBytes = 0;  ///< 0 for Beast's own bytes
    };

    bool idle() const { return _head == _frames.size(); }
    /// Sends a frame at once when nothing waits before it, else queues it;
    /// whatever the kernel does not take waits for the socket.
    void push(Frame frame);
    void pushRaw(std::shared_ptr<const std::string> bytes);
    /// Writes as much of the queue as the kernel takes; waits for the rest.
    void flush();
    /// Drops the first `bytes` written bytes from the queue; the data bytes among them.
    std::size_t consume(std::size_t bytes);
    void waitWritable();
    void fail(const boost::system::error_code& error);
    void runWhenFlushed();

    Socket _socket;
    std::weak_ptr<void> _owner;
    SentListener _listener;
    // A vector, not a deque: an idle connection's empty vector holds no memory.
    // Frames before _head have been written and are dropped when it catches up.
    std::vector<Frame> _frames;
    std::size_t _head = 0;
    std::size_t _headOffset = 0;  ///< bytes of the head frame (header first) already written
    bool _waiting = false;        ///< waiting for the socket to become writable
    boost::system::error_code _error;
    std::function<void()> _whenFlushed;
};

/// Beast ends a closed WebSocket through these (found by argument-dependent
/// lookup): the TCP shutdown waits until our queued frames are out.
template <class TeardownHandler>
void async_teardown(boost::beast::role_type role, CoalescingSocket& socket, TeardownHandler&& handler) {
    auto shared = std::make_shared<std::decay_t<TeardownHandler>>(std::forward<TeardownHandler>(handler));
    socket.whenFlushed([role, &socket, shared] {
        boost::beast::websocket::async_teardown(role, socket.next_layer(), std::move(*shared));
    });
}

void teardown(boost::beast::role_type role, CoalescingSocket& socket, boost::system::error_code& error);

}  // namespace sockstream::core
