#include "IceTcpPort.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "Rfc4571Framing.h"
#include "SocketAddress.h"
#include "StunConstants.h"

namespace sockstream::webrtc {

namespace {
constexpr int kLoopMillis = 50;  // sweeps (bind timeout, ended sessions) at least this often
constexpr auto kSweepInterval = std::chrono::milliseconds(250);
constexpr std::size_t kReadBytes = 64 * 1024;
constexpr std::size_t kCompactAfter = 64 * 1024;  // sent bytes kept at a queue's front before it is compacted

std::string ipKey(const TransportAddress& address) {
    return std::string(reinterpret_cast<const char*>(address.ip.data()), address.ipv6 ? 16 : 4);
}
}  // namespace

struct IceTcpPort::Connection {
    Connection(int socket, TransportAddress peer, std::size_t maxFrame)
        : fd(socket), address(peer), openedAt(std::chrono::steady_clock::now()), reader(maxFrame) {}

    // Only the loop thread touches these.
    const int fd;
    const TransportAddress address;
    const std::chrono::steady_clock::time_point openedAt;
    Rfc4571Reader reader;
    std::optional<std::string> sessionId;  ///< set by the first answered STUN check
    std::string closing;                   ///< why, once the connection must close

    // Senders (any thread) and the loop thread, under `mutex`.
    std::mutex mutex;
    bool open = true;
    bool broken = false;  ///< a send failed for good: the loop closes it
    bool warnedFull = false;
    std::string queue;    ///< framed bytes the kernel has not taken yet
    std::size_t sent = 0; ///< of `queue`, already written
};

IceTcpPort::IceTcpPort(std::string bindAddress, std::uint16_t port, Limits limits, Poco::Logger& logger,
                       Handlers handlers)
    : _bindAddress(std::move(bindAddress)), _port(port), _limits(limits), _logger(logger),
      _handlers(std::move(handlers)) {}

IceTcpPort::~IceTcpPort() {
    stop();
    for (auto& [address, connection] : _connections) {
        std::lock_guard lock(connection->mutex);
        connection->open = false;
        ::close(connection->fd);
    }
    _connections.clear();
    if (_listener >= 0) ::close(_listener);
    if (_wakeFd >= 0) ::close(_wakeFd);
}

void IceTcpPort::open() {
    _listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (_listener < 0) throw std::runtime_error(std::string("webrtc: cannot create a TCP socket: ") + std::strerror(errno));
    int on = 1;
    ::setsockopt(_listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_port = htons(_port);
    ::inet_pton(AF_INET, _bindAddress.c_str(), &local.sin_addr);
    if (::bind(_listener, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 || ::listen(_listener, 128) != 0) {
        const std::string why = std::strerror(errno);
        ::close(_listener);
        _listener = -1;
        throw std::runtime_error("webrtc: cannot listen on TCP " + _bindAddress + ":" + std::to_string(_port) + " (" +
                                 why + "); choose another \"tcpPort\" in the webrtc plugin's config, or -1 for no ICE-TCP");
    }
    sockaddr_in bound{};
    socklen_t length = sizeof bound;
    ::getsockname(_listener, reinterpret_cast<sockaddr*>(&bound), &length);
    _localPort = ntohs(bound.sin_port);
    _wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (_wakeFd < 0) throw std::runtime_error(std::string("webrtc: cannot create an eventfd: ") + std::strerror(errno));
}

void IceTcpPort::start() {
    _running = true;
    _thread = std::thread([this] {
        ::pthread_setname_np(::pthread_self(), "webrtc-tcp");
        run();
    });
}

void IceTcpPort::stop() {
    _running = false;
    if (_thread.joinable()) {
        wake();
        _thread.join();
    }
}

void IceTcpPort::wake() {
    if (_wakeFd < 0) return;
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(_wakeFd, &one, sizeof one);
}

std::size_t IceTcpPort::connectionCount() const {
    std::lock_guard lock(_mutex);
    return _connections.size();
}

bool IceTcpPort::send(const TransportAddress& to, std::string_view datagram) {
    ConnectionPtr connection;
    {
        std::lock_guard lock(_mutex);
        const auto found = _connections.find(to);
        if (found != _connections.end()) connection = found->second;
    }
    if (!connection || datagram.size() > 0xFFFF) {
        ++_dropped;
        return false;
    }
    const char header[2] = {static_cast<char>(datagram.size() >> 8), static_cast<char>(datagram.size() & 0xFF)};
    bool queued = false;
    {
        std::lock_guard lock(connection->mutex);
        if (!connection->open || connection->broken) {
            ++_dropped;
            return false;
        }
        if (connection->sent == connection->queue.size()) {
            // Nothing waits: straight to the kernel, no copy.
            connection->queue.clear();
            connection->sent = 0;
            iovec parts[2] = {{const_cast<char*>(header), 2}, {const_cast<char*>(datagram.data()), datagram.size()}};
            msghdr message{};
            message.msg_iov = parts;
            message.msg_iovlen = 2;
            ssize_t written = ::sendmsg(connection->fd, &message, MSG_DONTWAIT | MSG_NOSIGNAL);
            if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) written = 0;
            if (written < 0) {
                connection->broken = true;
                ++_dropped;
                wake();
                return false;
            }
            const auto done = static_cast<std::size_t>(written);
            if (done == datagram.size() + 2) return true;
            // The rest of this frame must go before any other: it waits in the queue.
            if (done < 2) connection->queue.append(header + done, 2 - done);
            const std::size_t payloadSent = done > 2 ? done - 2 : 0;
            connection->queue.append(datagram.substr(payloadSent));
            queued = true;
        } else {
            if (connection->queue.size() - connection->sent + 2 + datagram.size() > _limits.maxQueuedBytes) {
                ++_dropped;
                if (!connection->warnedFull) {
                    connection->warnedFull = true;
                    _logger.warning("webrtc: the ICE-TCP peer %s takes data more slowly than it is sent: its send "
                                    "queue is full, packets are dropped (the browser asks again with NACK)",
                                    to.toString());
                }
                return false;
            }
            connection->queue.append(header, 2);
            connection->queue.append(datagram);
        }
    }
    if (queued) wake();  // the loop adds POLLOUT for it
    return true;
}

void IceTcpPort::drain(Connection& connection) {
    std::lock_guard lock(connection.mutex);
    while (connection.open && connection.sent < connection.queue.size()) {
        const ssize_t written = ::send(connection.fd, connection.queue.data() + connection.sent,
                                       connection.queue.size() - connection.sent, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (written > 0) {
            connection.sent += static_cast<std::size_t>(written);
            continue;
        }
        if (written < 0 && errno == EINTR) continue;
        if (written < 0 && errno != EAGAIN && errno != EWOULDBLOCK) connection.broken = true;
        break;
    }
    if (connection.sent == connection.queue.size()) {
        connection.queue.clear();
        connection.sent = 0;
    } else if (connection.sent > kCompactAfter) {
        connection.queue.erase(0, connection.sent);
        connection.sent = 0;
    }
}

void IceTcpPort::close(const ConnectionPtr& connection, const std::string& why) {
    {
        std::lock_guard lock(_mutex);
        const auto found = _connections.find(connection->address);
        if (found == _connections.end() || found->second != connection) return;
        _connections.erase(found);
        const auto count = _perAddress.find(ipKey(connection->address));
        if (count != _perAddress.end() && --count->second == 0) _perAddress.erase(count);
    }
    {
        std::lock_guard lock(connection->mutex);
        connection->open = false;
        ::close(connection->fd);
    }
    if (connection->sessionId)
        _logger.information("webrtc: ICE-TCP connection from %s (session %s) closed: %s", connection->address.toString(),
                            *connection->sessionId, why);
    else
        _logger.debug("webrtc: ICE-TCP connection from %s closed: %s", connection->address.toString(), why);
}

void IceTcpPort::acceptAll() {
    for (int i = 0; i < 64; ++i) {
        sockaddr_in peer{};
        socklen_t length = sizeof peer;
        const int fd = ::accept4(_listener, reinterpret_cast<sockaddr*>(&peer), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) return;  // EAGAIN: all taken; anything else: try again on the next turn
        TransportAddress address = fromSockaddr(peer);
        address.tcp = true;
        const std::string key = ipKey(address);
        std::lock_guard lock(_mutex);
        auto& fromAddress = _perAddress[key];
        if (_connections.size() >= _limits.maxConnections || fromAddress >= _limits.maxConnectionsPerAddress) {
            if (fromAddress == 0) _perAddress.erase(key);
            ::close(fd);
            _logger.debug("webrtc: refused an ICE-TCP connection from %s: too many connections", address.toString());
            continue;
        }
        int on = 1;
        // Media is latency-bound: no Nagle delay for small packets (audio, RTCP, STUN).
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        ++fromAddress;
        _connections[address] = std::make_shared<Connection>(fd, address, _limits.maxFrame);
    }
}

void IceTcpPort::readFrom(const ConnectionPtr& connection) {
    static thread_local std::vector<char> buffer(kReadBytes);
    const ssize_t received = ::recv(connection->fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
    if (received == 0) {
        connection->closing = "the peer closed it";
        return;
    }
    if (received < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            connection->closing = std::string("it failed: ") + std::strerror(errno);
        return;
    }
    const auto status = connection->reader.feed(
        std::string_view(buffer.data(), static_cast<std::size_t>(received)), [&](std::string_view frame) {
            if (!connection->closing.empty()) return;
            if (!connection->sessionId) {
                // Until a STUN check ties it to a session, nothing else is listened to.
                if (!stun::looksLikeStun(static_cast<unsigned char>(frame[0]))) {
                    connection->closing = "its first packet was not a STUN check";
                    return;
                }
                auto sessionId = _handlers.frame(frame, connection->address);
                if (!sessionId) {
                    connection->closing = "its STUN check names no session or fails its integrity check";
                    return;
                }
                connection->sessionId = std::move(sessionId);
                _logger.information("webrtc: ICE-TCP connection from %s carries session %s",
                                    connection->address.toString(), *connection->sessionId);
                return;
            }
            _handlers.frame(frame, connection->address);
        });
    if (status == Rfc4571Reader::Status::Oversize && connection->closing.empty())
        connection->closing = "it sent a frame longer than " + std::to_string(_limits.maxFrame) + " bytes";
}

void IceTcpPort::sweep() {
    const auto now = std::chrono::steady_clock::now();
    std::vector<std::pair<ConnectionPtr, std::string>> ending;
    {
        std::lock_guard lock(_mutex);
        for (const auto& [address, connection] : _connections) {
            if (!connection->sessionId && now - connection->openedAt >= _limits.bindTimeout)
                ending.emplace_back(connection, "no STUN check for a session within " +
                                                    std::to_string(_limits.bindTimeout.count() / 1000) + " s");
            else if (connection->sessionId && !_handlers.alive(*connection->sessionId))
                ending.emplace_back(connection, "its session ended");
        }
    }
    for (const auto& [connection, why] : ending) close(connection, why);
}

void IceTcpPort::run() {
    std::vector<pollfd> waiting;
    std::vector<ConnectionPtr> polled;
    auto nextSweep = std::chrono::steady_clock::now();
    while (_running) {
        waiting.assign({{_listener, POLLIN, 0}, {_wakeFd, POLLIN, 0}});
        polled.clear();
        {
            std::lock_guard lock(_mutex);
            for (const auto& [address, connection] : _connections) {
                short events = POLLIN;
                {
                    std::lock_guard connectionLock(connection->mutex);
                    if (connection->sent < connection->queue.size()) events |= POLLOUT;
                    if (connection->broken) connection->closing = "sending to it failed";
                }
                waiting.push_back({connection->fd, events, 0});
                polled.push_back(connection);
            }
        }
        const int ready = ::poll(waiting.data(), waiting.size(), kLoopMillis);
        if (ready > 0) {
            if (waiting[1].revents & POLLIN) {
                std::uint64_t count = 0;
                [[maybe_unused]] const auto read = ::read(_wakeFd, &count, sizeof count);
            }
            for (std::size_t i = 0; i < polled.size(); ++i) {
                const auto& connection = polled[i];
                const short revents = waiting[i + 2].revents;
                if (revents & POLLOUT) drain(*connection);
                if (revents & (POLLIN | POLLHUP | POLLERR)) {
                    try {
                        readFrom(connection);
                    } catch (const std::exception& error) {
                        connection->closing = std::string("its data could not be handled: ") + error.what();
                    }
                }
            }
            if (waiting[0].revents & POLLIN) acceptAll();
        }
        for (const auto& connection : polled)
            if (!connection->closing.empty()) close(connection, connection->closing);
        if (std::chrono::steady_clock::now() >= nextSweep) {
            nextSweep = std::chrono::steady_clock::now() + kSweepInterval;
            sweep();
        }
    }
}

}  // namespace sockstream::webrtc
