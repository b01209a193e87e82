#include "websocket/CoalescingSocket.h"

#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <cerrno>

namespace sockstream::core {

namespace {

/// One non-blocking sendmsg; the bytes written, or -1 with errno set. Whatever
/// mode the socket is in for Asio, MSG_DONTWAIT never blocks this thread, and
/// MSG_NOSIGNAL turns a closed peer into EPIPE instead of SIGPIPE.
ssize_t sendNow(int fd, iovec* iov, std::size_t count) {
    msghdr message{};
    message.msg_iov = iov;
    message.msg_iovlen = count;
    ssize_t written;
    do {
        // One buffer (a broadcast's frames) needs no message header: send()
        // spares the kernel copying and checking one per delivery.
        written = count == 1 ? ::send(fd, iov[0].iov_base, iov[0].iov_len, MSG_NOSIGNAL | MSG_DONTWAIT)
                             : ::sendmsg(fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (written < 0 && errno == EINTR);
    return written;
}

bool wouldBlock(int error) { return error == EAGAIN || error == EWOULDBLOCK; }

boost::system::error_code errorOf(int error) { return {error, boost::system::system_category()}; }

}  // namespace

void CoalescingSocket::bind(std::weak_ptr<void> owner, SentListener listener) {
    _owner = std::move(owner);
    _listener = std::move(listener);
}

void CoalescingSocket::pushFrame(std::uint8_t opcode, const std::shared_ptr<const std::string>& payload) {
    Frame frame;
    frame.header = WebSocketFrameHeader::make(opcode, payload->size());
    frame.payload = payload;
    frame.dataBytes = payload->size();
    push(std::move(frame));
}

void CoalescingSocket::pushFramed(const std::shared_ptr<const std::string>& bytes, std::size_t dataBytes) {
    Frame frame;  // no header of its own: the bytes are the whole frame
    frame.payload = bytes;
    frame.dataBytes = dataBytes;
    push(std::move(frame));
}

void CoalescingSocket::pushRaw(std::shared_ptr<const std::string> bytes) {
    Frame frame;  // Beast's own bytes: no data for the listener to count
    frame.payload = std::move(bytes);
    push(std::move(frame));
}

void CoalescingSocket::push(Frame frame) {
    if (_error) {
        if (_listener && frame.dataBytes) _listener(frame.dataBytes, _error);
        return;
    }
    if (!idle() || _waiting) {
        // Frames are waiting for the socket: this one leaves behind them.
        _frames.push_back(std::move(frame));
        return flush();
    }
    // The usual case: nothing queued, so the frame leaves now, straight from
    // the shared payload, and nothing is kept.
    std::array<iovec, 2> iov{iovec{frame.header.bytes.data(), frame.header.size},
                             iovec{const_cast<char*>(frame.payload->data()), frame.payload->size()}};
    const bool headed = frame.header.size > 0;
    const ssize_t result = sendNow(_socket.native_handle(), iov.data() + (headed ? 0 : 1), headed ? 2 : 1);
    const int sendError = result < 0 ? errno : 0;
    const std::size_t written = result < 0 ? 0 : static_cast<std::size_t>(result);
    if (written == frame.header.size + frame.payload->size()) {
        if (_listener && frame.dataBytes) _listener(frame.dataBytes, {});
        return;
    }
    _frames.push_back(std::move(frame));
    if (sendError && !wouldBlock(sendError)) return fail(errorOf(sendError));
    // The kernel's buffer is full: the rest waits for the socket.
    _headOffset = written;
    waitWritable();
}

void CoalescingSocket::whenFlushed(std::function<void()> action) {
    if (idle() || _error) return action();
    _whenFlushed = std::move(action);
}

void CoalescingSocket::flush() {
    // Frames that come while we wait for the socket leave together in the next write.
    while (!_waiting && !idle() && !_error) {
        std::array<iovec, 2 * maxFramesPerWrite> iov;
        std::size_t count = 0;
        std::size_t bytes = 0;
        std::size_t skip = _headOffset;
        for (std::size_t i = _head; i < _frames.size(); ++i) {
            if (count + 2 > iov.size() || bytes >= maxBytesPerWrite) break;
            Frame& frame = _frames[i];
            auto add = [&](const void* data, std::size_t size) {
                if (skip >= size) {
                    skip -= size;
                    return;
                }
                iov[count++] = iovec{const_cast<char*>(static_cast<const char*>(data)) + skip, size - skip};
                bytes += size - skip;
                skip = 0;
            };
            add(frame.header.bytes.data(), frame.header.size);
            add(frame.payload->data(), frame.payload->size());
        }
        const ssize_t result = sendNow(_socket.native_handle(), iov.data(), count);
        if (result < 0) {
            if (wouldBlock(errno)) return waitWritable();
            return fail(errorOf(errno));
        }
        const std::size_t sent = consume(static_cast<std::size_t>(result));
        if (sent && _listener) _listener(sent, {});
        if (static_cast<std::size_t>(result) < bytes) return waitWritable();  // the kernel's buffer is full
    }
    if (idle()) runWhenFlushed();
}

std::size_t CoalescingSocket::consume(std::size_t bytes) {
    std::size_t dataBytes = 0;
    while (bytes && !idle()) {
        Frame& frame = _frames[_head];
        const std::size_t left = frame.header.size + frame.payload->size() - _headOffset;
        if (bytes < left) {
            _headOffset += bytes;
            break;
        }
        bytes -= left;
        dataBytes += frame.dataBytes;
        frame.payload.reset();
        ++_head;
        _headOffset = 0;
    }
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
    return dataBytes;
}

void CoalescingSocket::waitWritable() {
    _waiting = true;
    _socket.async_wait(Socket::wait_write, [this, owner = _owner.lock()](const boost::system::error_code& error) {
        _waiting = false;
        if (error) return fail(error);
        flush();
    });
}

void CoalescingSocket::fail(const boost::system::error_code& error) {
    if (!_error) _error = error;
    std::size_t dropped = 0;
    for (std::size_t i = _head; i < _frames.size(); ++i)
        dropped += _frames[i].dataBytes;
    _frames.clear();
    _frames.shrink_to_fit();
    _head = 0;
    _headOffset = 0;
    // Told later, not from inside a push: the listener closes the connection,
    // which Beast should not see in the middle of one of its own writes.
    boost::asio::post(_socket.get_executor(), [this, weak = _owner, bound = !_owner.expired(), dropped, error] {
        auto owner = weak.lock();
        if (bound && !owner) return;
        if (_listener) _listener(dropped, error);
        runWhenFlushed();
    });
}

void CoalescingSocket::runWhenFlushed() {
    if (!_whenFlushed) return;
    auto action = std::move(_whenFlushed);
    _whenFlushed = nullptr;
    // Beast's teardown, started from its own completion: run it on its own.
    boost::asio::post(_socket.get_executor(), [action = std::move(action), owner = _owner.lock()] { action(); });
}

void teardown(boost::beast::role_type role, CoalescingSocket& socket, boost::system::error_code& error) {
    boost::beast::websocket::teardown(role, socket.next_layer(), error);
}

}  // namespace sockstream::core
