#include "MediaPort.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <pthread.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "SocketAddress.h"
#include "StunConstants.h"

namespace sockstream::webrtc {

namespace {
constexpr std::size_t kBatch = 64;               // datagrams per sendmmsg/recvmmsg call
constexpr std::size_t kMaxDatagram = 1500;       // nothing WebRTC sends us is larger
// DTLS retransmission timers (1 s and up) and session expiry are checked this
// often; between checks the loop sleeps in poll() until a datagram or the
// next check, so an idle port costs 4 wake-ups a second, not 50.
constexpr auto kSweepInterval = std::chrono::milliseconds(250);
constexpr int kSocketBufferBytes = 4 * 1024 * 1024;  // bursts of keyframe groups to many viewers
// UDP GSO: the kernel's limit of segments per send (UDP_MAX_SEGMENTS, 64 before
// Linux 5.x raised it) and an IP datagram's size.
constexpr std::size_t kMaxSegments = 64;
constexpr std::size_t kMaxGsoBytes = 65000;
// ICE-TCP connection caps (documented in the README).
constexpr std::size_t kTcpConnectionsPerSession = 4;
constexpr std::size_t kMaxTcpConnections = 1000;

// RFC 7983 section 7 (first byte of a datagram on a multiplexed port).
bool isDtls(unsigned char first) { return first >= 20 && first <= 63; }
bool isRtpOrRtcp(unsigned char first) { return first >= 128 && first <= 191; }
// RFC 5761 section 4: RTCP packet types 192-223 where RTP would carry its payload type.
bool isRtcp(std::string_view datagram) {
    if (datagram.size() < 8) return false;
    const auto type = static_cast<unsigned char>(datagram[1]);
    return type >= 192 && type <= 223;
}
}  // namespace

MediaPort::MediaPort(const WebRtcConfig& config, SessionRegistry& sessions, Poco::Logger& logger, Events events)
    : _config(config), _sessions(sessions), _logger(logger), _events(std::move(events)) {}

MediaPort::~MediaPort() {
    stop();
    if (_socket >= 0) ::close(_socket);
}

void MediaPort::open() {
    _socket = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (_socket < 0) throw std::runtime_error(std::string("webrtc: cannot create a UDP socket: ") + std::strerror(errno));
    int size = kSocketBufferBytes;
    ::setsockopt(_socket, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    ::setsockopt(_socket, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_port = htons(_config.udpPort);
    ::inet_pton(AF_INET, _config.bindAddress.c_str(), &local.sin_addr);
    if (::bind(_socket, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
        const std::string why = std::strerror(errno);
        ::close(_socket);
        _socket = -1;
        throw std::runtime_error("webrtc: cannot bind UDP " + _config.bindAddress + ":" +
                                 std::to_string(_config.udpPort) + " (" + why +
                                 "); choose another \"udpPort\" in the webrtc plugin's config");
    }
    sockaddr_in bound{};
    socklen_t length = sizeof bound;
    ::getsockname(_socket, reinterpret_cast<sockaddr*>(&bound), &length);
    _localPort = ntohs(bound.sin_port);
    int segment = 0;
    socklen_t segmentLength = sizeof segment;
    _gso = ::getsockopt(_socket, SOL_UDP, UDP_SEGMENT, &segment, &segmentLength) == 0;

    if (_config.tcpPort < 0) return;
    IceTcpPort::Limits limits;
    // A browser opens one connection per candidate pair it checks (a few per
    // session); the fixed ceiling keeps a flood of connections from taking the
    // descriptors the HTTP and media sockets need.
    limits.maxConnectionsPerAddress = kTcpConnectionsPerSession * _config.maxSessionsPerAddress;
    limits.maxConnections = std::min(kTcpConnectionsPerSession * _config.maxSessions, kMaxTcpConnections);
    limits.maxFrame = kMaxDatagram;
    IceTcpPort::Handlers handlers;
    handlers.frame = [this](std::string_view frame, const TransportAddress& from) { return handleStreamFrame(frame, from); };
    handlers.alive = [this](const std::string& sessionId) { return _sessions.find(sessionId) != nullptr; };
    _tcp = std::make_unique<IceTcpPort>(_config.bindAddress, static_cast<std::uint16_t>(_config.tcpPort), limits, _logger,
                                        std::move(handlers));
    _tcp->open();
}

void MediaPort::start() {
    _running = true;
    _thread = std::thread([this] {
        // Named, so per-thread CPU (top -H, bench/webrtc) tells the UDP loop from the ingest threads.
        ::pthread_setname_np(::pthread_self(), "webrtc-udp");
        run();
    });
    if (_tcp) _tcp->start();
}

void MediaPort::stop() {
    if (_tcp) _tcp->stop();
    _running = false;
    if (_thread.joinable()) _thread.join();
}

bool MediaPort::addIce(const std::string& sessionId, IceCredentials credentials) {
    std::lock_guard lock(_iceMutex);
    return _ice.addSession(sessionId, std::move(credentials));
}

void MediaPort::removeIce(const std::string& sessionId) {
    std::lock_guard lock(_iceMutex);
    _ice.removeSession(sessionId);
}

std::shared_ptr<WhepSession> MediaPort::sessionAt(const TransportAddress& from) {
    std::optional<std::string> id;
    {
        std::lock_guard lock(_iceMutex);
        id = _ice.sessionFor(from);
    }
    return id ? _sessions.find(*id) : nullptr;
}

void MediaPort::send(DatagramBatch& batch) {
    if (!batch.empty() && _socket >= 0) {
        // Control datagrams (STUN, DTLS, SRTCP) are few and small: copied into
        // a send batch, they leave through the one sendmmsg path.
        auto out = mediaBatch();
        for (const Datagram& datagram : batch) {
            if (datagram.bytes.size() > SendBatch::kSlotBytes) {
                ++_dropped;
                continue;
            }
            std::memcpy(out.open(datagram.to), datagram.bytes.data(), datagram.bytes.size());
            out.commit(datagram.bytes.size());
        }
        out.flush();
    }
    batch.clear();
}

SendBatch MediaPort::mediaBatch() {
    // ICE-TCP peers' datagrams leave through their connection, never sendmmsg.
    SendBatch::StreamSink toTcp;
    if (_tcp) toTcp = [this](const TransportAddress& to, std::string_view datagram) { _tcp->send(to, datagram); };
    return SendBatch(kBatch, [this](const SendBatch& batch) { send(batch); }, std::move(toTcp));
}

void MediaPort::send(const SendBatch& batch) {
    if (batch.size() == 0 || _socket < 0) return;
    const std::size_t stoppedAt = sendFrom(batch, 0, _gso.load(std::memory_order_relaxed));
    if (stoppedAt < batch.size()) sendFrom(batch, stoppedAt, false);
}

std::size_t MediaPort::sendFrom(const SendBatch& batch, std::size_t firstDatagram, bool gso) {
    auto runs = batch.runs(gso, kMaxSegments, kMaxGsoBytes);
    std::erase_if(runs, [&](const SendBatch::Run& run) { return run.first < firstDatagram; });
    // At most one message per datagram and one iovec per datagram (a batch holds at most kBatch).
    std::array<iovec, kBatch> vectors;
    std::array<mmsghdr, kBatch> messages;
    union Control {
        char bytes[CMSG_SPACE(sizeof(std::uint16_t))];
        cmsghdr align;
    };
    std::array<Control, kBatch> controls;
    std::size_t done = 0;  // runs handed to the kernel (sent or dropped)
    while (done < runs.size()) {
        std::size_t count = 0;
        std::size_t vector = 0;
        for (std::size_t r = done; r < runs.size() && count < kBatch && vector + runs[r].count <= kBatch; ++r, ++count) {
            const auto& run = runs[r];
            messages[count] = {};
            msghdr& header = messages[count].msg_hdr;
            header.msg_name = const_cast<sockaddr_in*>(&batch.entry(run.first).to);
            header.msg_namelen = sizeof(sockaddr_in);
            header.msg_iov = &vectors[vector];
            header.msg_iovlen = run.count;
            for (std::size_t i = 0; i < run.count; ++i)
                vectors[vector++] = {const_cast<char*>(batch.data(run.first + i)), batch.entry(run.first + i).length};
            if (run.count > 1) {
                header.msg_control = controls[count].bytes;
                header.msg_controllen = sizeof controls[count].bytes;
                cmsghdr* control = CMSG_FIRSTHDR(&header);
                control->cmsg_level = SOL_UDP;
                control->cmsg_type = UDP_SEGMENT;
                control->cmsg_len = CMSG_LEN(sizeof(std::uint16_t));
                const auto size = static_cast<std::uint16_t>(run.segmentSize);
                std::memcpy(CMSG_DATA(control), &size, sizeof size);
            }
        }
        std::size_t sent = 0;
        while (sent < count) {
            const int result = ::sendmmsg(_socket, messages.data() + sent, static_cast<unsigned>(count - sent), 0);
            if (result > 0) {
                sent += static_cast<std::size_t>(result);
                continue;
            }
            if (result < 0 && errno == EINTR) continue;
            const auto& failed = runs[done + sent];
            if (failed.count > 1 && (errno == EIO || errno == EINVAL || errno == EOPNOTSUPP)) {
                // A kernel or route without UDP GSO: from now on one datagram per message, the rest of this batch included.
                if (_gso.exchange(false))
                    _logger.warning("webrtc: the kernel refused UDP GSO (%s); sending one datagram per message",
                                    std::string(std::strerror(errno)));
                return failed.first;
            }
            // A full buffer (EAGAIN) or an unreachable viewer: skip those datagrams, like a lossy network.
            _dropped += failed.count;
            ++sent;
        }
        done += count;
    }
    return batch.size();
}

void MediaPort::end(const std::string& sessionId, const std::string& why) {
    removeIce(sessionId);
    if (auto entry = _sessions.remove(sessionId)) _events.ended(*entry, why);
}

std::optional<std::string> MediaPort::handleStreamFrame(std::string_view frame, const TransportAddress& from) {
    DatagramBatch replies;
    std::optional<std::string> answered;
    try {
        answered = handle(frame, from, replies);
    } catch (const std::exception& error) {
        _logger.warning("webrtc: dropped a packet from %s: %s", from.toString(), std::string(error.what()));
    }
    send(replies);
    return answered;
}

std::optional<std::string> MediaPort::handle(std::string_view datagram, const TransportAddress& from,
                                             DatagramBatch& replies) {
    const auto first = static_cast<unsigned char>(datagram[0]);
    const auto now = SessionRegistry::Clock::now();
    if (stun::looksLikeStun(first)) {
        IceLiteResponder::Outcome outcome;
        {
            std::lock_guard lock(_iceMutex);
            outcome = _ice.handle(datagram, from);
        }
        if (outcome.verdict != IceLiteResponder::Verdict::Answered) return std::nullopt;
        replies.push_back({from, std::move(outcome.response)});
        // A consent check (RFC 7675) says the viewer is still there.
        _sessions.markHeard(outcome.sessionId, now);
        if (outcome.nominated)
            if (auto session = _sessions.find(outcome.sessionId)) session->setRemote(from);
        return outcome.sessionId;
    }
    if (isDtls(first)) {
        auto session = sessionAt(from);
        if (!session) return std::nullopt;
        const auto event = session->receiveDtls(datagram, from, replies);
        if (event == WhepSession::DtlsEvent::Connected) {
            _sessions.markConnected(session->id(), now);
            send(replies);  // the last flight before any media
            _events.connected(session);
        } else if (event == WhepSession::DtlsEvent::Failed) {
            send(replies);
            end(session->id(), "DTLS failed: " + session->failure());
        }
        return std::nullopt;
    }
    if (isRtpOrRtcp(first) && isRtcp(datagram)) {
        auto session = sessionAt(from);
        if (!session) return std::nullopt;
        std::string packet(datagram);
        if (!session->unprotectRtcp(packet)) return std::nullopt;  // forged, replayed or before DTLS: dropped
        _sessions.markHeard(session->id(), now);
        _events.rtcp(session, packet);
        return std::nullopt;
    }
    if (isRtpOrRtcp(first) && _events.rtp) {
        // A WHIP publisher's media; RTP from a viewer (we asked for none:
        // a=sendonly) is dropped by the handler, after the SRTP check.
        auto session = sessionAt(from);
        if (!session) return std::nullopt;
        std::string packet(datagram);
        if (!session->unprotectRtp(packet)) return std::nullopt;  // forged, replayed or before DTLS: dropped
        _sessions.markHeard(session->id(), now);
        _events.rtp(session, packet);
    }
    // Anything else: dropped.
    return std::nullopt;
}

void MediaPort::runTimers(DatagramBatch& replies) {
    for (const auto& session : _sessions.sessions()) {
        if (session->onTimer(replies) == WhepSession::DtlsEvent::Failed) {
            send(replies);
            end(session->id(), session->failure());
        }
    }
    for (auto& expired : _sessions.sweep(SessionRegistry::Clock::now())) {
        removeIce(expired.entry.id);
        _events.ended(expired.entry, expired.why);
    }
}

void MediaPort::run() {
    std::vector<std::array<char, kMaxDatagram>> buffers(kBatch);
    std::vector<sockaddr_in> sources(kBatch);
    std::vector<iovec> vectors(kBatch);
    std::vector<mmsghdr> messages(kBatch);
    DatagramBatch replies;
    auto nextSweep = std::chrono::steady_clock::now();
    while (_running) {
        pollfd waiting{_socket, POLLIN, 0};
        const auto untilSweep = std::chrono::duration_cast<std::chrono::milliseconds>(nextSweep - std::chrono::steady_clock::now());
        const int ready = ::poll(&waiting, 1, static_cast<int>(std::clamp<std::int64_t>(untilSweep.count(), 0, kSweepInterval.count())));
        if (ready > 0) {
            for (std::size_t i = 0; i < kBatch; ++i) {
                vectors[i] = {buffers[i].data(), buffers[i].size()};
                messages[i] = {};
                messages[i].msg_hdr.msg_name = &sources[i];
                messages[i].msg_hdr.msg_namelen = sizeof(sockaddr_in);
                messages[i].msg_hdr.msg_iov = &vectors[i];
                messages[i].msg_hdr.msg_iovlen = 1;
            }
            const int received = ::recvmmsg(_socket, messages.data(), kBatch, MSG_DONTWAIT, nullptr);
            for (int i = 0; i < received; ++i) {
                if (messages[i].msg_len == 0 || (messages[i].msg_hdr.msg_flags & MSG_TRUNC)) continue;
                try {
                    handle(std::string_view(buffers[i].data(), messages[i].msg_len), fromSockaddr(sources[i]), replies);
                } catch (const std::exception& error) {
                    _logger.warning("webrtc: dropped a datagram from %s: %s",
                                    fromSockaddr(sources[i]).toString(), std::string(error.what()));
                }
            }
            send(replies);
        }
        if (std::chrono::steady_clock::now() >= nextSweep) {
            nextSweep = std::chrono::steady_clock::now() + kSweepInterval;
            runTimers(replies);
            send(replies);
        }
    }
}

}  // namespace sockstream::webrtc
