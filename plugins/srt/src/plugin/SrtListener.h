#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <srt/srt.h>

#include "ResumePoints.h"
#include "SrtConfig.h"
#include "SrtMetrics.h"
#include "SrtSession.h"
#include "sockstream/SockStream.h"

namespace sockstream::srt {

/// The SRT listening socket. Every caller's stream ID is parsed and its key
/// checked with the core in libsrt's listen callback, so a refused caller gets
/// an SRT reject reason in the handshake and no media of it is ever read.
/// Accepted publishers each get a thread of their own (SrtSession::run()).
///
/// Threads: libsrt's receive thread runs the listen callback (the key check
/// reads the database there, as the RTMP plugin's does on the worker pool);
/// one accept thread; one thread per publisher.
class SrtListener {
public:
    SrtListener(PluginContext& context, const SrtConfig& config, SrtMetrics& metrics);
    ~SrtListener();

    /// Binds and listens; throws std::runtime_error in words when it cannot.
    void start();
    /// Refuses new callers, closes every publisher and joins every thread.
    void stop();
    /// The bound UDP port (the configured one, or the one the system chose for 0).
    int port() const { return _boundPort; }

private:
    struct Admitted {
        PublishGrant grant;
        std::string address;  ///< host part: what the per-address cap counts
        std::string remote;   ///< host:port for the log
        std::chrono::steady_clock::time_point at;
    };
    struct Running {
        std::unique_ptr<SrtSession> session;
        std::string address;
        std::thread thread;
    };

    static int onListen(void* opaque, SRTSOCKET socket, int handshakeVersion, const struct sockaddr* peer,
                        const char* streamId);
    int admit(SRTSOCKET socket, int handshakeVersion, const struct sockaddr* peer, const char* streamId);
    int refuse(SRTSOCKET socket, const std::string& remote, int reason, const std::string& why);
    void acceptLoop();
    void launch(SRTSOCKET socket);
    void reap(bool all);
    std::size_t connectionsFrom(const std::string& address) const;

    PluginContext& _context;
    const SrtConfig& _config;
    SrtMetrics& _metrics;
    Poco::Logger& _logger;
    ResumePoints _resumePoints;
    SRTSOCKET _socket = SRT_INVALID_SOCK;
    int _epoll = -1;
    int _boundPort = 0;
    bool _started = false;
    std::atomic<bool> _stopping{false};
    std::thread _acceptThread;

    mutable std::mutex _mutex;  ///< guards the two maps below
    std::map<SRTSOCKET, Admitted> _admitted;  ///< passed the callback, not yet accepted
    std::vector<Running> _running;
};

}  // namespace sockstream::srt
