#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <Poco/Logger.h>

#include "Datagram.h"
#include "IceLiteResponder.h"
#include "SendBatch.h"
#include "SessionRegistry.h"
#include "WebRtcConfig.h"
#include "WhepSession.h"

namespace sockstream::webrtc {

/// The one UDP port every WHEP session shares. Its thread reads datagrams and
/// demultiplexes them by first byte (RFC 7983): STUN to the ICE-lite
/// responder, DTLS and SRTCP to the session ICE nominated that address for;
/// anything else, and anything from an address no session owns, is dropped
/// at the cost of one lookup. It also runs the DTLS retransmission timers and
/// the session expiry. Media goes out through send() (sendmmsg) from any thread.
/// SRTP that a WHIP publisher sends arrives here too, is decrypted and goes
/// to Events::rtp on this thread.
class MediaPort {
public:
    struct Events {
        /// DTLS is connected: the session may get media now.
        std::function<void(const std::shared_ptr<WhepSession>&)> connected;
        /// An authentic, decrypted RTCP compound packet from a viewer.
        std::function<void(const std::shared_ptr<WhepSession>&, const std::string&)> rtcp;
        /// An authentic, decrypted RTP packet (from a WHIP publisher; a viewer's is dropped there).
        std::function<void(const std::shared_ptr<WhepSession>&, std::string&)> rtp;
        /// The session is gone from the registry (expired, DTLS failed): let go of it.
        std::function<void(const SessionRegistry::Entry&, const std::string& why)> ended;
    };

    MediaPort(const WebRtcConfig& config, SessionRegistry& sessions, Poco::Logger& logger, Events events);
    ~MediaPort();

    /// Binds the UDP port; throws std::runtime_error in words when it cannot.
    void open();
    void start();
    void stop();
    /// The UDP port bound by open() (the configured one, or the one the system picked for 0).
    std::uint16_t localPort() const { return _localPort; }
    /// The port the answer's host candidate names: `candidatePort` if set, else localPort().
    std::uint16_t candidatePort() const { return _config.candidatePort ? _config.candidatePort : _localPort; }

    /// Sends every datagram (sendmmsg, in batches). Thread-safe; never blocks:
    /// what the socket buffer cannot take is dropped, as the network would.
    void send(DatagramBatch& batch);
    /// Sends a batch of media (SendBatch's sink): sendmmsg, and where the
    /// kernel has UDP GSO, equal-sized datagrams to one viewer as one message.
    /// Thread-safe, never blocks; drops what the socket buffer cannot take.
    void send(const SendBatch& batch);
    /// An empty media batch whose slots go out through send(const SendBatch&).
    SendBatch mediaBatch();

    /// Ends a session from any thread: it leaves the registry and Events::ended runs.
    void end(const std::string& sessionId, const std::string& why);

    /// The ICE credentials of a new session; false if its ufrag is taken.
    bool addIce(const std::string& sessionId, IceCredentials credentials);
    void removeIce(const std::string& sessionId);

    std::uint64_t droppedDatagrams() const { return _dropped.load(); }

private:
    void run();
    void handle(std::string_view datagram, const TransportAddress& from, DatagramBatch& replies);
    void runTimers(DatagramBatch& replies);
    /// Sends `batch` from datagram `firstDatagram` on; returns where it stopped
    /// (a GSO message the kernel refused) or batch.size().
    std::size_t sendFrom(const SendBatch& batch, std::size_t firstDatagram, bool gso);
    std::shared_ptr<WhepSession> sessionAt(const TransportAddress& from);

    const WebRtcConfig& _config;
    SessionRegistry& _sessions;
    Poco::Logger& _logger;
    Events _events;
    int _socket = -1;
    std::uint16_t _localPort = 0;
    std::atomic<bool> _running{false};
    std::thread _thread;
    std::mutex _iceMutex;
    IceLiteResponder _ice;
    std::atomic<std::uint64_t> _dropped{0};
    std::atomic<bool> _gso{false};  ///< the kernel takes UDP_SEGMENT (Linux 4.18+); off after its first refusal
};

}  // namespace sockstream::webrtc
