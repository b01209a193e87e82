#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include "connections/Closable.h"
#include "listeners/ListenerContext.h"
#include "sockstream/net/StreamConnection.h"

namespace sockstream::core {

/// One accepted plugin connection (plain TCP, or TLS over it) on its strand.
/// Handler callbacks run on the strand, never overlapping, and onClose runs
/// once. A plain TCP connection holds no read buffer while idle: it waits for
/// readability and reads into a per-thread buffer. Sends from any thread are
/// queued; a queue beyond maxQueuedBytes disconnects the slow reader.
template <class Stream>
class StreamSession : public StreamConnection,
                      public Closable,
                      public std::enable_shared_from_this<StreamSession<Stream>> {
public:
    static constexpr bool kTls = !std::is_same_v<Stream, boost::asio::ip::tcp::socket>;

    StreamSession(Stream stream, std::shared_ptr<ListenerContext> context, std::shared_ptr<StreamHandler> handler,
                  std::string remoteAddress, PerAddressLimiter::Slot slot)
        : _stream(std::move(stream)),
          _timer(_stream.get_executor()),
          _context(std::move(context)),
          _handler(std::move(handler)),
          _remoteAddress(std::move(remoteAddress)),
          _slot(std::move(slot)),
          _acceptedAt(Clock::now()) {}

    void start() {
        _context->openConnections.add(1);
        _context->connections.add(this->shared_from_this());
        _pendingId = _context->pending.add(this->weak_from_this());
        _context->pendingGauge.add(1);
        boost::asio::post(_stream.get_executor(), [self = this->shared_from_this()] { self->begin(); });
    }

    void send(std::string bytes) override {
        if (_closing.load(std::memory_order_acquire) || bytes.empty()) return;
        std::size_t size = bytes.size();
        std::size_t queued = _queuedBytes.fetch_add(size, std::memory_order_acq_rel) + size;
        if (queued > _context->spec.maxQueuedBytes) {
            _queuedBytes.fetch_sub(size, std::memory_order_acq_rel);
            _context->logger.warning("%s: peer %s reads too slowly (%z bytes queued); disconnecting",
                                     _context->spec.name, _remoteAddress, queued - size);
            _closing.store(true, std::memory_order_release);
            boost::asio::post(_stream.get_executor(), [self = this->shared_from_this()] { self->abort(); });
            return;
        }
        boost::asio::post(_stream.get_executor(), [self = this->shared_from_this(), bytes = std::move(bytes)]() mutable {
            if (self->_finished) {
                self->_queuedBytes.fetch_sub(bytes.size(), std::memory_order_acq_rel);
                return;
            }
            self->_queue.push_back(std::move(bytes));
            self->writeNext();
        });
    }

    void close() override {
        _closing.store(true, std::memory_order_release);
        boost::asio::post(_stream.get_executor(), [self = this->shared_from_this()] {
            self->_closeRequested = true;
            if (!self->_writing && self->_queue.empty()) self->abort();
        });
    }

    void shutdown() override {
        _closing.store(true, std::memory_order_release);
        boost::asio::post(_stream.get_executor(), [self = this->shared_from_this()] { self->abort(); });
    }

    std::size_t queuedBytes() const override { return _queuedBytes.load(std::memory_order_relaxed); }
    const std::string& remoteAddress() const override { return _remoteAddress; }
    bool isTls() const override { return kTls; }

    void markEstablished() override {
        if (!leavePending()) return;
        // The short deadline of a pending connection no longer applies.
        boost::asio::post(_stream.get_executor(), [self = this->shared_from_this()] {
            if (!self->_finished) self->_deadline = self->_lastRead + self->_context->spec.readTimeout;
        });
    }

private:
    using Clock = std::chrono::steady_clock;

    boost::asio::ip::tcp::socket& socket() {
        if constexpr (kTls) return _stream.next_layer();
        else return _stream;
    }

    void begin() {
        if (_finished) return;
        touchDeadline();
        if constexpr (kTls) {
            _stream.async_handshake(boost::asio::ssl::stream_base::server,
                                    [self = this->shared_from_this()](const boost::system::error_code& error) {
                                        if (error) return self->finish();
                                        self->open();
                                    });
        } else {
            open();
        }
    }

    void open() {
        if (_finished) return;
        callHandler([this](StreamHandler& handler) { handler.onOpen(this->shared_from_this()); });
        readNext();
    }

    void readNext() {
        if (_finished) return;
        if constexpr (kTls) {
            if (!_readBuffer) _readBuffer = std::make_unique<std::array<std::uint8_t, kReadBytes>>();
            _stream.async_read_some(boost::asio::buffer(*_readBuffer),
                                    [self = this->shared_from_this()](const boost::system::error_code& error,
                                                                      std::size_t bytes) {
                                        if (error) return self->finish();
                                        self->deliver(self->_readBuffer->data(), bytes);
                                    });
        } else {
            _stream.async_wait(boost::asio::ip::tcp::socket::wait_read,
                               [self = this->shared_from_this()](const boost::system::error_code& error) {
                                   if (error) return self->finish();
                                   self->readAvailable();
                               });
        }
    }

    /// Plain TCP: read what is there into this thread's buffer, without blocking.
    void readAvailable() {
        if (_finished) return;
        thread_local std::array<std::uint8_t, kReadBytes> scratch;
        boost::system::error_code error;
        _stream.non_blocking(true, error);
        std::size_t bytes = _stream.read_some(boost::asio::buffer(scratch), error);
        if (error == boost::asio::error::would_block || error == boost::asio::error::try_again) return readNext();
        if (error) return finish();
        deliver(scratch.data(), bytes);
    }

    void deliver(const std::uint8_t* data, std::size_t size) {
        if (_finished) return;
        touchDeadline();
        callHandler([&](StreamHandler& handler) { handler.onData(data, size); });
        readNext();
    }

    void writeNext() {
        if (_writing || _finished) return;
        if (_queue.empty()) {
            if (_closeRequested) abort();
            return;
        }
        _writing = true;
        _inFlight.clear();
        for (std::size_t i = 0; i < _queue.size() && i < kMaxGather; ++i) _inFlight.push_back(boost::asio::buffer(_queue[i]));
        boost::asio::async_write(_stream, _inFlight,
                                 [self = this->shared_from_this()](const boost::system::error_code& error, std::size_t) {
                                     self->onWritten(error);
                                 });
    }

    void onWritten(const boost::system::error_code& error) {
        _writing = false;
        for (std::size_t i = 0; i < _inFlight.size() && !_queue.empty(); ++i) {
            _queuedBytes.fetch_sub(_queue.front().size(), std::memory_order_acq_rel);
            _queue.pop_front();
        }
        _inFlight.clear();
        if (error) return abort();
        writeNext();
    }

    /// Any thread; true the first time.
    bool leavePending() {
        if (_established.exchange(true, std::memory_order_acq_rel)) return false;
        _context->pending.remove(_pendingId);
        _context->pendingGauge.add(-1);
        return true;
    }

    /// readTimeout counts from the last bytes received (or from accepting).
    /// While pending connections crowd the listener, one that is still
    /// pending must also be established soon after it was accepted: bytes
    /// trickled in do not keep it open.
    void touchDeadline() {
        _lastRead = Clock::now();
        _deadline = _lastRead + _context->spec.readTimeout;
        if (!_established.load(std::memory_order_acquire) && _context->underPressure())
            _deadline = std::min(_deadline, _acceptedAt + _context->spec.pendingTimeoutUnderPressure);
        if (!_timerWaiting) {
            _timer.expires_at(_deadline);
            waitTimer();
        } else if (_deadline < _timer.expiry()) {
            _timer.expires_at(_deadline);  // the waiting handler wakes and waits again for the earlier time
        }
    }

    void waitTimer() {
        _timerWaiting = true;
        _timer.async_wait([self = this->shared_from_this()](const boost::system::error_code&) {
            self->_timerWaiting = false;
            if (self->_finished) return;
            if (Clock::now() >= self->_deadline) return self->abort();
            self->_timer.expires_at(self->_deadline);
            self->waitTimer();
        });
    }

    template <class Callback>
    void callHandler(Callback&& callback) {
        if (!_handler) return;
        try {
            callback(*_handler);
        } catch (const std::exception& e) {
            _context->logger.error("%s: handler failed: %s", _context->spec.name, std::string(e.what()));
            abort();
        } catch (...) {
            _context->logger.error("%s: handler failed with an unknown exception", _context->spec.name);
            abort();
        }
    }

    /// Ends the connection now; the pending handshake or read then fails and finishes it.
    void abort() {
        _closing.store(true, std::memory_order_release);
        boost::system::error_code ignored;
        socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
        socket().close(ignored);
        _timer.cancel();
    }

    void finish() {
        if (_finished) return;
        _finished = true;
        _closing.store(true, std::memory_order_release);
        boost::system::error_code ignored;
        socket().close(ignored);
        _timer.cancel();
        for (auto& bytes : _queue) _queuedBytes.fetch_sub(bytes.size(), std::memory_order_acq_rel);
        _queue.clear();
        _readBuffer.reset();
        auto handler = std::move(_handler);
        if (handler) {
            try {
                handler->onClose();
            } catch (const std::exception& e) {
                _context->logger.error("%s: onClose failed: %s", _context->spec.name, std::string(e.what()));
            } catch (...) {
            }
        }
        leavePending();
        _slot.release();
        _context->openConnections.add(-1);
        _context->connections.remove(this);
    }

    static constexpr std::size_t kReadBytes = 16 * 1024;
    static constexpr std::size_t kMaxGather = 64;

    Stream _stream;
    boost::asio::steady_timer _timer;
    std::shared_ptr<ListenerContext> _context;
    std::shared_ptr<StreamHandler> _handler;
    std::string _remoteAddress;
    PerAddressLimiter::Slot _slot;
    const Clock::time_point _acceptedAt;
    std::uint64_t _pendingId = 0;
    std::atomic<bool> _established{false};
    std::unique_ptr<std::array<std::uint8_t, kReadBytes>> _readBuffer;
    std::deque<std::string> _queue;
    std::vector<boost::asio::const_buffer> _inFlight;
    std::atomic<std::size_t> _queuedBytes{0};
    std::atomic<bool> _closing{false};
    Clock::time_point _deadline;
    Clock::time_point _lastRead;
    bool _timerWaiting = false;
    bool _writing = false;
    bool _closeRequested = false;
    bool _finished = false;
};

}  // namespace sockstream::core
