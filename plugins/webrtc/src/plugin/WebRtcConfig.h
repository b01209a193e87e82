#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include <Poco/JSON/Object.h>

namespace sockstream::webrtc {

/// The webrtc plugin's "config" object (documented with an example in
/// plugins/webrtc/README.md). Unknown keys and out-of-range values are
/// start-up errors naming the key.
struct WebRtcConfig {
    /// The one UDP port every WHEP session shares (ICE, DTLS, SRTP, SRTCP);
    /// 0 picks a free port at start (logged, and in GET /api/features).
    std::uint16_t udpPort = 0;
    /// ICE-TCP (RFC 6544): the one TCP port every session may use instead of
    /// UDP where UDP is blocked (a passive candidate below the UDP one); 0
    /// picks a free port at start, -1 turns ICE-TCP off.
    int tcpPort = 0;
    /// The address the UDP port binds to.
    std::string bindAddress = "127.0.0.1";
    /// The address put into the answer's host candidate: what browsers can
    /// reach (the server's public IPv4 address in a deployment).
    std::string candidateAddress = "127.0.0.1";
    /// The UDP port put into the answer's host candidate when browsers reach
    /// the port under another number (NAT port forwarding, public 3478 to a
    /// local 40000); 0 means the bound port.
    std::uint16_t candidatePort = 0;
    /// All WHEP sessions of this server, and per client IP address.
    std::size_t maxSessions = 500;
    std::size_t maxSessionsPerAddress = 10;
    /// A session that has not finished ICE and DTLS by then is dropped.
    std::chrono::milliseconds connectTimeout{10000};
    /// A connected viewer that sent no STUN consent check nor RTCP for this long is gone.
    std::chrono::milliseconds idleTimeout{30000};
    /// The cached keyframe group a new viewer starts from, in RTP packets
    /// (about 1.2 KB each); a longer group is not cached (viewers wait for the next IDR).
    std::size_t maxKeyframeGroupPackets = 4000;
    /// RTP packets kept per track to answer NACKs with a retransmission.
    std::size_t retransmissionHistoryPackets = 1024;
    /// The cached group a viewer catches up from (at its start, after a PLI)
    /// goes this many times as fast as the stream's video rather than in one burst.
    double catchUpRateMultiplier = 4.0;
    /// WHIP: how often a publisher is asked for a keyframe (PLI) when it sent
    /// none (browsers send keyframes only when asked; HLS segments start at
    /// one); 0 asks only after a loss.
    std::chrono::milliseconds whipKeyframeInterval{2000};
    /// WHIP: a publisher that sent no media for this long has lost its
    /// connection (the broadcast may resume within the reconnect grace window).
    std::chrono::milliseconds whipSilenceTimeout{5000};
    /// WHIP: the H.264 bitrate of a VP8-only publisher's transcode, in kbit/s.
    int whipTranscodeBitrateKbps = 2500;

    static WebRtcConfig fromJson(const Poco::JSON::Object& json);
};

}  // namespace sockstream::webrtc
