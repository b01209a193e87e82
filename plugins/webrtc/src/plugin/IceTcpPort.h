#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include <Poco/Logger.h>

#include "TransportAddress.h"

namespace sockstream::webrtc {

/// ICE-TCP (RFC 6544), the fallback where UDP is blocked: one listening TCP
/// port that every session shares, behind the passive candidate of our
/// answers. Each accepted connection is demultiplexed like a UDP source:
/// its RFC 4571 frames (a 2-byte length before each STUN, DTLS, SRTP and
/// SRTCP packet) go to the same handler as UDP datagrams (MediaPort::handle)
/// under a TransportAddress marked `tcp`. The first frame must be a STUN
/// check that the ICE-lite responder answers for a session (USERNAME known,
/// MESSAGE-INTEGRITY right); anything else closes the connection at once, and
/// so does silence past `bindTimeout`, a frame longer than `maxFrame`, or the
/// end of the session it was tied to.
///
/// Sending (send(), any thread, never blocks): a frame goes straight to the
/// socket when nothing waits before it; what the kernel does not take waits
/// in the connection's queue, bounded by `maxQueuedBytes`; beyond that a
/// slow viewer's packets are dropped (counted; the browser asks again with
/// NACK) rather than memory growing. Its own thread accepts, reads and
/// drains the queues, so the UDP loop is not touched.
class IceTcpPort {
public:
    struct Limits {
        std::size_t maxConnections = 1000;
        std::size_t maxConnectionsPerAddress = 40;
        std::chrono::milliseconds bindTimeout{5000};
        std::size_t maxFrame = 1500;
        std::size_t maxQueuedBytes = 1024 * 1024;
    };

    struct Handlers {
        /// One frame from a connection; returns the session's id when it was a
        /// STUN check the ICE-lite responder answered.
        std::function<std::optional<std::string>(std::string_view frame, const TransportAddress& from)> frame;
        /// Whether a session still exists: the connections of ended sessions are closed.
        std::function<bool(const std::string& sessionId)> alive;
    };

    IceTcpPort(std::string bindAddress, std::uint16_t port, Limits limits, Poco::Logger& logger, Handlers handlers);
    ~IceTcpPort();
    IceTcpPort(const IceTcpPort&) = delete;
    IceTcpPort& operator=(const IceTcpPort&) = delete;

    /// Binds and listens; throws std::runtime_error in words when it cannot.
    void open();
    void start();
    void stop();
    std::uint16_t localPort() const { return _localPort; }

    /// Frames `datagram` and sends it over the connection whose peer is `to`.
    /// False (and counted) when dropped: no such connection, or its queue full.
    bool send(const TransportAddress& to, std::string_view datagram);

    std::size_t connectionCount() const;
    std::uint64_t droppedPackets() const { return _dropped.load(); }

private:
    struct Connection;
    using ConnectionPtr = std::shared_ptr<Connection>;

    void run();
    void acceptAll();
    void readFrom(const ConnectionPtr& connection);
    void drain(Connection& connection);
    void close(const ConnectionPtr& connection, const std::string& why);
    void sweep();
    void wake();

    const std::string _bindAddress;
    const std::uint16_t _port;
    const Limits _limits;
    Poco::Logger& _logger;
    Handlers _handlers;
    int _listener = -1;
    int _wakeFd = -1;
    std::uint16_t _localPort = 0;
    std::atomic<bool> _running{false};
    std::thread _thread;
    mutable std::mutex _mutex;  ///< the two maps; the loop thread changes them, senders look up
    std::unordered_map<TransportAddress, ConnectionPtr, TransportAddressHash> _connections;
    std::unordered_map<std::string, std::size_t> _perAddress;  ///< by the peer's IP bytes
    std::atomic<std::uint64_t> _dropped{0};
};

}  // namespace sockstream::webrtc
