#include "net/CoalescingSocket.h"

#include <algorithm>

#include <boost/asio/write.hpp>

namespace sockstream::core {

void CoalescingSocket::bind(std::weak_ptr<void> owner, SentListener listener) {
    _owner = std::move(owner);
    _listener = std::move(listener);
}

void CoalescingSocket::pushFrame(std::uint8_t opcode, std::shared_ptr<const std::string> payload) {
    if (_error) {
        if (_listener) _listener(payload->size(), _error);
        return;
    }
    Frame frame;
    frame.header = WebSocketFrameHeader::make(opcode, payload->size());
    frame.payload = std::move(payload);
    frame.data = true;
    _frames.push_back(std::move(frame));
    scheduleFlush();
}

void CoalescingSocket::pushRaw(std::shared_ptr<const std::string> bytes) {
    Frame frame;
    frame.payload = std::move(bytes);
    _frames.push_back(std::move(frame));
    scheduleFlush();
}

void CoalescingSocket::whenFlushed(std::function<void()> action) {
    if (idle() || _error) return action();
    _whenFlushed = std::move(action);
}

void CoalescingSocket::scheduleFlush() {
    // With no write in flight the frame goes now; frames that come while one is
    // in flight (the peer or the network is slower than we are) wait and leave
    // together in the next write.
    flush();
}

void CoalescingSocket::flush() {
    if (_flushing || idle()) return;
    // Headers are copied out: _frames may reallocate while the write is in flight
    // (payloads live on the heap and stay put).
    struct Batch {
        std::vector<boost::asio::const_buffer> buffers;
        std::vector<unsigned char> headers;
    };
    auto batch = std::make_shared<Batch>();
    std::size_t count = std::min(maxFramesPerWrite, _frames.size() - _head);
    batch->buffers.reserve(2 * count);
    batch->headers.reserve(count * sizeof(WebSocketFrameHeader::bytes));
    std::size_t bytes = 0;
    _framesInFlight = 0;
    for (std::size_t i = _head; i < _frames.size(); ++i) {
        if (_framesInFlight == maxFramesPerWrite || bytes >= maxBytesPerWrite) break;
        const Frame& frame = _frames[i];
        if (frame.header.size) {
            const unsigned char* start = batch->headers.data() + batch->headers.size();
            batch->headers.insert(batch->headers.end(), frame.header.bytes.begin(),
                                  frame.header.bytes.begin() + frame.header.size);
            batch->buffers.emplace_back(start, frame.header.size);
        }
        batch->buffers.emplace_back(frame.payload->data(), frame.payload->size());
        bytes += frame.header.size + frame.payload->size();
        ++_framesInFlight;
    }
    _flushing = true;
    boost::asio::async_write(_socket, batch->buffers,
                             [this, batch, owner = _owner.lock()](const boost::system::error_code& error, std::size_t) {
                                 onFlushed(error);
                             });
}

void CoalescingSocket::onFlushed(const boost::system::error_code& error) {
    _flushing = false;
    std::size_t sent = 0;
    std::size_t done = error ? _frames.size() - _head : _framesInFlight;
    for (std::size_t i = 0; i < done; ++i) {
        Frame& frame = _frames[_head++];
        if (frame.data) sent += frame.payload->size();
        frame.payload.reset();
    }
    _framesInFlight = 0;
    if (idle()) {
        _frames.clear();
        _head = 0;
        // A burst's backlog should not stay with a connection that goes idle.
        if (_frames.capacity() > 2 * maxFramesPerWrite) _frames.shrink_to_fit();
    } else if (_head > 4 * maxFramesPerWrite) {
        // Never idle under steady load: drop the written prefix so the vector stays bounded.
        _frames.erase(_frames.begin(), _frames.begin() + static_cast<std::ptrdiff_t>(_head));
        _head = 0;
    }
    if (error) _error = error;
    if (_listener && (sent || error)) _listener(sent, error);
    if (!idle()) return flush();
    if (_whenFlushed) {
        auto action = std::move(_whenFlushed);
        _whenFlushed = nullptr;
        action();
    }
}

void teardown(boost::beast::role_type role, CoalescingSocket& socket, boost::system::error_code& error) {
    boost::beast::websocket::teardown(role, socket.next_layer(), error);
}

}  // namespace sockstream::core
