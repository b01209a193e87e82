#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <Poco/Logger.h>

#include "Datagram.h"
#include "IceLiteResponder.h"
#include "IceTcpPort.h"
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
///
/// Unless `tcpPort` is -1 it also owns the ICE-TCP port (IceTcpPort): frames
/// from its connections take the same path (handle()) on that port's thread,
/// under TCP-marked addresses, and whatever is sent to such an address
/// (media batches, control datagrams) leaves through its connection.
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
    /// The ICE-TCP port bound by open(); 0 when ICE-TCP is off (tcpPort -1).
    std::uint16_t tcpPort() const { return _tcp ? _tcp->localPort() : 0; }
    std::size_t tcpConnections() const { return _tcp ? _tcp->connectionCount() : 0; }
    /// Packets for ICE-TCP peers dropped (no connection, or a slow peer's queue full).
    std::uint64_t tcpDroppedPackets() const { return _tcp ? _tcp->droppedPackets() : 0; }

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
    /// Returns the session's id when `datagram` was a STUN check answered for it.
    std::optional<std::string> handle(std::string_view datagram, const TransportAddress& from, DatagramBatch& replies);
    /// A frame from an ICE-TCP connection (IceTcpPort's thread): handle(), replies sent.
    std::optional<std::string> handleStreamFrame(std::string_view frame, const TransportAddress& from);
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
    std::unique_ptr<IceTcpPort> _tcp;  ///< null when ICE-TCP is off
};

}  // namespace sockstream::webrtc
