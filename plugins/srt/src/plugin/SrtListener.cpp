#include "SrtListener.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <cstring>
#include <stdexcept>

#include <srt/access_control.h>

#include "../protocol/StreamId.h"
#include "SrtRefusal.h"

namespace sockstream::srt {

namespace {

// A caller that passed the callback but never completed the handshake keeps
// its place under the caps this long.
constexpr auto kAdmittedFor = std::chrono::seconds(10);
constexpr int kAcceptWaitMs = 250;
constexpr int kBacklog = 16;

std::string hostOf(const struct sockaddr* address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof(text));
    else if (address->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text, sizeof(text));
    return text;
}

int portOf(const struct sockaddr* address) {
    if (address->sa_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(address)->sin_port);
    if (address->sa_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(address)->sin6_port);
    return 0;
}

std::string lastSrtError() { return srt_getlasterror_str(); }

template <class T>
void setOption(SRTSOCKET socket, SRT_SOCKOPT option, const T& value, const char* what) {
    if (srt_setsockflag(socket, option, &value, sizeof(value)) == SRT_ERROR)
        throw std::runtime_error(std::string("srt: cannot set ") + what + ": " + lastSrtError());
}

}  // namespace

SrtListener::SrtListener(PluginContext& context, const SrtConfig& config, SrtMetrics& metrics)
    : _context(context), _config(config), _metrics(metrics), _logger(context.logger()) {}

SrtListener::~SrtListener() { stop(); }

void SrtListener::start() {
    if (srt_startup() < 0) throw std::runtime_error("srt: libsrt failed to start: " + lastSrtError());
    _started = true;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST;
    addrinfo* found = nullptr;
    if (getaddrinfo(_config.host.c_str(), std::to_string(_config.port).c_str(), &hints, &found) != 0 || !found)
        throw std::runtime_error("srt: host \"" + _config.host + "\" is not an IP address to listen on");
    std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> address(found, &freeaddrinfo);

    _socket = srt_create_socket();
    if (_socket == SRT_INVALID_SOCK) throw std::runtime_error("srt: cannot create a socket: " + lastSrtError());
    // Options of the listener pass on to every accepted socket.
    setOption(_socket, SRTO_RCVLATENCY, _config.latencyMs, "latencyMilliseconds");
    setOption(_socket, SRTO_PEERLATENCY, _config.latencyMs, "latencyMilliseconds");
    if (!_config.passphrase.empty()) {
        if (srt_setsockflag(_socket, SRTO_PASSPHRASE, _config.passphrase.data(),
                            static_cast<int>(_config.passphrase.size())) == SRT_ERROR)
            throw std::runtime_error("srt: cannot set the passphrase: " + lastSrtError());
        setOption(_socket, SRTO_PBKEYLEN, _config.keyLengthBytes, "keyLengthBits");
    }
    if (srt_bind(_socket, address->ai_addr, static_cast<int>(address->ai_addrlen)) == SRT_ERROR)
        throw std::runtime_error("srt: cannot listen on UDP " + _config.host + ":" + std::to_string(_config.port) +
                                 ": " + lastSrtError() + " (is another server using that port? set \"port\")");
    sockaddr_storage bound{};
    int boundSize = sizeof(bound);
    if (srt_getsockname(_socket, reinterpret_cast<sockaddr*>(&bound), &boundSize) == 0)
        _boundPort = portOf(reinterpret_cast<sockaddr*>(&bound));
    if (srt_listen_callback(_socket, &SrtListener::onListen, this) == SRT_ERROR ||
        srt_listen(_socket, kBacklog) == SRT_ERROR)
        throw std::runtime_error("srt: cannot listen: " + lastSrtError());
    _epoll = srt_epoll_create();
    const int events = SRT_EPOLL_IN | SRT_EPOLL_ERR;
    if (_epoll < 0 || srt_epoll_add_usock(_epoll, _socket, &events) == SRT_ERROR)
        throw std::runtime_error("srt: cannot wait for callers: " + lastSrtError());
    _acceptThread = std::thread([this] { acceptLoop(); });
}

void SrtListener::stop() {
    if (_stopping.exchange(true)) return;
    if (_acceptThread.joinable()) _acceptThread.join();
    {
        std::lock_guard lock(_mutex);
        for (auto& running : _running) running.session->close();
    }
    reap(true);
    if (_epoll >= 0) srt_epoll_release(_epoll);
    if (_socket != SRT_INVALID_SOCK) srt_close(_socket);
    _socket = SRT_INVALID_SOCK;
    if (_started) srt_cleanup();
    _started = false;
}

int SrtListener::onListen(void* opaque, SRTSOCKET socket, int handshakeVersion, const struct sockaddr* peer,
                          const char* streamId) {
    auto* self = static_cast<SrtListener*>(opaque);
    try {
        return self->admit(socket, handshakeVersion, peer, streamId);
    } catch (const std::exception& e) {
        // An exception must not unwind into libsrt's thread.
        self->_logger.error("srt: refusing a caller after an internal error: %s", std::string(e.what()));
        srt_setrejectreason(socket, SRT_REJX_ISE);
        return -1;
    }
}

int SrtListener::refuse(SRTSOCKET socket, const std::string& remote, int reason, const std::string& why) {
    _metrics.refused.increment();
    _logger.notice("srt %s: connection refused before any media was read: %s (answered SRT reject reason %d)",
                   remote, why, reason);
    srt_setrejectreason(socket, reason);
    return -1;
}

std::size_t SrtListener::connectionsFrom(const std::string& address) const {
    std::size_t count = 0;
    for (const auto& [socket, admitted] : _admitted) if (admitted.address == address) ++count;
    for (const auto& running : _running) if (running.address == address && !running.session->done()) ++count;
    return count;
}

int SrtListener::admit(SRTSOCKET socket, int handshakeVersion, const struct sockaddr* peer, const char* streamId) {
    const std::string address = hostOf(peer);
    const std::string remote = (address.find(':') != std::string::npos ? "[" + address + "]" : address) + ":" +
                               std::to_string(portOf(peer));
    if (_stopping) return refuse(socket, remote, SRT_REJX_DOWN, "the server is stopping");
    // SRT before 1.3 (handshake version 4) carries no stream ID, so no key.
    if (handshakeVersion < 5 || !streamId)
        return refuse(socket, remote, SRT_REJX_BAD_REQUEST,
                      "the caller speaks SRT older than 1.3, which carries no stream ID (update the encoder)");
    {
        std::lock_guard lock(_mutex);
        const auto now = std::chrono::steady_clock::now();
        for (auto it = _admitted.begin(); it != _admitted.end();) {
            if (now - it->second.at > kAdmittedFor) it = _admitted.erase(it);
            else ++it;
        }
        std::size_t total = _admitted.size();
        for (const auto& running : _running) if (!running.session->done()) ++total;
        if (total >= _config.maxConnections)
            return refuse(socket, remote, SRT_REJX_OVERLOAD,
                          "maxConnections (" + std::to_string(_config.maxConnections) + ") SRT publishers are connected");
        if (connectionsFrom(address) >= _config.maxConnectionsPerAddress)
            return refuse(socket, remote, SRT_REJX_OVERLOAD,
                          "this address already has maxConnectionsPerAddress (" +
                              std::to_string(_config.maxConnectionsPerAddress) + ") SRT connections");
    }
    const StreamIdRequest request = parseStreamId(streamId);
    if (request.outcome == StreamIdRequest::Outcome::Malformed)
        return refuse(socket, remote, SRT_REJX_BAD_REQUEST,
                      request.problem + " (expected streamid=publish:<stream key> or #!::r=<stream key>,m=publish)");
    if (request.outcome == StreamIdRequest::Outcome::WrongMode)
        return refuse(socket, remote, SRT_REJX_BAD_MODE, request.problem);

    // The key is checked here, inside the handshake: a refused caller is told
    // why in the handshake answer and never gets to send media. Keys are never logged.
    PublishDecision decision;
    try {
        decision = _context.rooms().authorizePublish(request.key);
    } catch (const std::exception& e) {
        _logger.error("srt %s: stream key check failed: %s", remote, std::string(e.what()));
        decision.allowed = false;
        decision.refusal = PublishRefusal::CheckFailed;
        decision.reason = "the stream key could not be checked";
    }
    if (!decision.allowed) {
        const SrtRefusal answer = srtRefusal(decision.refusal);
        return refuse(socket, remote, answer.rejectReason,
                      std::string("publish refused (") + publishRefusalName(decision.refusal) + "): " + decision.reason);
    }
    std::lock_guard lock(_mutex);
    _admitted[socket] = Admitted{decision.grant, address, remote, std::chrono::steady_clock::now()};
    return 0;
}

void SrtListener::acceptLoop() {
    while (!_stopping) {
        SRTSOCKET ready[1];
        int readyCount = 1;
        const int waited = srt_epoll_wait(_epoll, ready, &readyCount, nullptr, nullptr, kAcceptWaitMs, nullptr,
                                          nullptr, nullptr, nullptr);
        reap(false);
        if (waited <= 0 || _stopping) continue;
        sockaddr_storage peer{};
        int peerSize = sizeof(peer);
        const SRTSOCKET accepted = srt_accept(_socket, reinterpret_cast<sockaddr*>(&peer), &peerSize);
        if (accepted == SRT_INVALID_SOCK) continue;
        launch(accepted);
    }
}

void SrtListener::launch(SRTSOCKET socket) {
    std::lock_guard lock(_mutex);
    const auto found = _admitted.find(socket);
    if (found == _admitted.end()) {
        // Admitted so long ago that its place under the caps was given up.
        _logger.warning("srt: closing a connection whose handshake took longer than %d s",
                        static_cast<int>(kAdmittedFor.count()));
        srt_close(socket);
        return;
    }
    Admitted admitted = std::move(found->second);
    _admitted.erase(found);
    _metrics.accepted.increment();
    Running running;
    running.address = admitted.address;
    running.session = std::make_unique<SrtSession>(_context, _config, _metrics, _resumePoints, socket,
                                                   admitted.grant, admitted.remote);
    SrtSession* session = running.session.get();
    running.thread = std::thread([session] { session->run(); });
    _running.push_back(std::move(running));
}

void SrtListener::reap(bool all) {
    std::vector<Running> finished;
    {
        std::lock_guard lock(_mutex);
        for (auto it = _running.begin(); it != _running.end();) {
            if (all || it->session->done()) {
                finished.push_back(std::move(*it));
                it = _running.erase(it);
            } else {
                ++it;
            }
        }
    }
    // Joined outside the lock: a session that is still ending must not stall the callback.
    for (auto& running : finished)
        if (running.thread.joinable()) running.thread.join();
}

}  // namespace sockstream::srt
